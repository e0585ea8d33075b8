import * as tf from '@tensorflow/tfjs';
import { createModel } from '../models/create-model';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { train } from './train';
import type { TrainingSource } from './training-source';

beforeAll(useTestBackend);

const shape = [8, 8, 1] as const;
const SIZE = 64;
const COUNT = 9;

/** A source that builds each sample when asked (nothing materialised) and records what was read. */
function lazySource(all: Float32Array): TrainingSource & { reads: number[][] } {
  const reads: number[][] = [];
  return {
    count: COUNT,
    shape,
    reads,
    async read(indices, out) {
      reads.push(Array.from(indices));
      await Promise.resolve();
      indices.forEach((index, i) => {
        const sample = syntheticImages(index + 1, shape, 21).subarray(index * SIZE, (index + 1) * SIZE);
        out.set(sample, i * SIZE);
      });
      expect(all.subarray(indices[0] * SIZE, (indices[0] + 1) * SIZE)).toEqual(out.subarray(0, SIZE));
    },
  };
}

async function weights(model: ReturnType<typeof createModel>): Promise<number[]> {
  const values: number[] = [];
  for (const w of [...model.networks.encoder.getWeights(), ...model.networks.decoder.getWeights()]) values.push(...(await w.data()));
  return values;
}

describe('train from a TrainingSource', () => {
  it('gives the batches, losses, weights and BatchNorm statistics of the materialised array (same seed)', async () => {
    const all = syntheticImages(COUNT, shape, 21);
    const fromArray = createModel('ae', { inputShape: shape, latentDim: 4, seed: 3 });
    const fromSource = createModel('ae', { inputShape: shape, latentDim: 4, seed: 3 });
    const options = { epochs: 2, batchSize: 4, seed: 8 };
    const a = await train(fromArray, all, options);
    const source = lazySource(all);
    const before = tf.memory().numTensors;
    const b = await train(fromSource, source, options);
    // Adam's two slots per variable plus its step counters are all that may remain.
    expect(tf.memory().numTensors - before).toBe(2 * (fromSource.networks.encoder.trainableWeights.length + fromSource.networks.decoder.trainableWeights.length) + 2);
    expect(b.history).toEqual(a.history);
    expect(await weights(fromSource)).toEqual(await weights(fromArray));
    expect(fromSource.trainingLog.batchNorm).toEqual({ mode: 'recompute', layers: 5, images: COUNT });
    // Two shuffled epochs of batches 4, 4, 1, then the in-order BatchNorm pass.
    expect(source.reads.map((r) => r.length)).toEqual([4, 4, 1, 4, 4, 1, 4, 4, 1]);
    for (const epoch of [0, 3]) expect(source.reads.slice(epoch, epoch + 3).flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(source.reads.slice(6).flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    fromArray.dispose();
    fromSource.dispose();
  });

  it('names the sample whose values leave [0, 1], and rejects a wrong shape or an empty source', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4 });
    const bad: TrainingSource = {
      count: 3,
      shape,
      read(indices, out) {
        out.fill(0.5);
        const at = Array.from(indices).indexOf(2);
        if (at >= 0) out[at * SIZE + 7] = 3;
      },
    };
    await expect(train(model, bad, { batchSize: 3 })).rejects.toThrow(/training sample 2 has value 3 at offset 7/);
    await expect(train(model, { ...bad, shape: [4, 4, 1] })).rejects.toThrow(/4x4x1 but the model expects 8x8x1/);
    await expect(train(model, { ...bad, count: 0 })).rejects.toThrow(/positive sample count/);
    model.dispose();
  });
});
