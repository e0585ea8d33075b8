import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@nln/datasets';
import { createModel } from '@nln/models';
import { NlnScorer } from '@nln/nln-core';
import { randomFloats } from '../harness/random-data';
import { toRow } from '../harness/row';
import { time, type TimingPlan } from '../harness/timing';
import { profileKernels } from '../harness/kernel-profile';
import type { BenchmarkRow, KernelProfileEntry } from '../output/results-schema';

/** One model size to time: the paper's 28x28x1 / 32x32x3 nets or the 128x128 MVTec net. */
export interface ModelCase {
  /** Input image shape. */
  readonly shape: ImageShape;
  /** Latent size L. */
  readonly latentDim: number;
  /** Batch sizes for the encoder, decoder and NLN passes (1 = latency, larger = throughput). */
  readonly batches: readonly number[];
  /** Batch size of the timed training step. */
  readonly trainBatch: number;
  /** Training latents the NLN inference searches. */
  readonly trainingSetSize: number;
  /** Neighbours decoded per query in the NLN inference. */
  readonly k: number;
}

function describeCase(c: ModelCase, batch: number): string {
  return `${c.shape.join('x')} L=${c.latentDim} batch=${batch}`;
}

/**
 * Times the AE's encoder pass, decoder pass, full NLN inference (encode, latent search, decode the K
 * neighbours, score) and one training step, on the active tfjs backend. Every run reads its result
 * back (`await data()`) before the clock stops, and disposes what it made.
 */
export async function benchModelPasses(
  cases: readonly ModelCase[],
  plan: TimingPlan,
  engine: string,
  onRow: (row: BenchmarkRow) => void,
  onProfile?: (profile: KernelProfileEntry) => void,
): Promise<BenchmarkRow[]> {
  const rows: BenchmarkRow[] = [];
  const emit = (row: BenchmarkRow) => {
    rows.push(row);
    onRow(row);
  };
  for (const [caseIndex, c] of cases.entries()) {
    const model = createModel('ae', { inputShape: c.shape, latentDim: c.latentDim, seed: 1 });
    const pixels = c.shape[0] * c.shape[1] * c.shape[2];
    const trainImages = randomFloats(c.trainingSetSize * pixels, 100 + caseIndex);
    const scorer = await NlnScorer.build(model, trainImages, { neighbourSource: 'decode', indexKind: 'auto' });
    try {
      const maxBatch = Math.max(...c.batches, c.trainBatch);
      const calibration = randomFloats(maxBatch * pixels, 200 + caseIndex);
      await scorer.calibrate(calibration, { k: c.k, alpha: 0.5 });
      for (const batch of c.batches) {
        const params = { height: c.shape[0], width: c.shape[1], channels: c.shape[2], latentDim: c.latentDim, batch };
        const images = randomFloats(batch * pixels, 300 + batch);
        const x = tf.tensor4d(images, [batch, ...c.shape]);
        const z = model.encode(x);
        try {
          const encoder = await time(async () => {
            const out = model.encode(x);
            await out.data();
            out.dispose();
          }, plan);
          emit(toRow({ workload: 'encoder', engine, case: describeCase(c, batch), params }, batch, encoder));

          const decoder = await time(async () => {
            const out = model.decode(z);
            await out.data();
            out.dispose();
          }, plan);
          emit(toRow({ workload: 'decoder', engine, case: describeCase(c, batch), params }, batch, decoder));

          const nln = await time(async () => {
            await scorer.score(images);
          }, plan);
          emit(
            toRow(
              { workload: 'nln-inference', engine, case: `${describeCase(c, batch)} K=${c.k} N=${c.trainingSetSize}`, params: { ...params, k: c.k, trainingSetSize: c.trainingSetSize } },
              batch,
              nln,
            ),
          );
        } finally {
          x.dispose();
          z.dispose();
        }
      }

      if (onProfile) {
        const batch = Math.max(...c.batches);
        const x = tf.tensor4d(randomFloats(batch * pixels, 300 + batch), [batch, ...c.shape]);
        try {
          const p = await profileKernels(async () => {
            const out = model.reconstruct(x);
            await out.data();
            out.dispose();
          });
          onProfile({ workload: 'inference', case: describeCase(c, batch), batch, ...p, kernels: p.rows });
        } finally {
          x.dispose();
        }
      }

      const trainBatch = tf.tensor4d(randomFloats(c.trainBatch * pixels, 400), [c.trainBatch, ...c.shape]);
      try {
        const step = await time(async () => {
          const losses = model.trainStep(trainBatch);
          const values = Object.values(losses);
          await Promise.all(values.map((loss) => loss.data()));
          tf.dispose(values);
        }, plan);
        const params = { height: c.shape[0], width: c.shape[1], channels: c.shape[2], latentDim: c.latentDim, batch: c.trainBatch };
        emit(toRow({ workload: 'train-step', engine, case: describeCase(c, c.trainBatch), params }, c.trainBatch, step));
        if (onProfile) {
          const p = await profileKernels(async () => {
            const losses = Object.values(model.trainStep(trainBatch));
            await Promise.all(losses.map((loss) => loss.data()));
            tf.dispose(losses);
          });
          onProfile({ workload: 'train-step', case: describeCase(c, c.trainBatch), batch: c.trainBatch, ...p, kernels: p.rows });
        }
      } finally {
        trainBatch.dispose();
      }
    } finally {
      scorer.dispose();
      model.dispose();
    }
  }
  return rows;
}
