import * as tf from '@tensorflow/tfjs';
import { createModel, MODEL_NETWORKS } from '../../models/create-model';
import { FusedAdamOptimizer } from '../../models/gradient-step';
import type { ModelKind } from '../../autoencoder';
import type { ImageShape } from '@nln/datasets';
import { createRandom } from '@nln/datasets';

/** One weight variable of a model (trainable or a batch-norm moving statistic), read back. */
export interface WeightSnapshot {
  /** `<network>/<index in the network's weights>`: the same for two models built alike on different backends. */
  readonly key: string;
  /** Whether an optimiser trains it (false for batch-norm moving statistics). */
  readonly trainable: boolean;
  /** Values before the training step. */
  readonly before: Float32Array;
  /** Values after the training step. */
  readonly after: Float32Array;
  /** Each gradient an Adam optimiser applied to it during the step, with that optimiser's learning rate. */
  readonly updates: ReadonlyArray<{ readonly learningRate: number; readonly gradient: Float32Array }>;
}

/** What one model gives on one backend: outputs before training, then one training step read back. */
export interface ModelStepSnapshot {
  /** `encode(x)` before training. */
  readonly latents: Float32Array;
  /** `reconstruct(x)` before training. */
  readonly reconstructions: Float32Array;
  /** Every loss term of the training step, by name. */
  readonly losses: Record<string, number>;
  /** Every weight of every network, in network then layer order. */
  readonly weights: WeightSnapshot[];
}

interface RecordedApplication {
  readonly learningRate: number;
  readonly grads: Map<string, tf.Tensor>;
}

/**
 * Runs `body` with every Adam update the models make (`adam()` returns a {@link FusedAdamOptimizer})
 * recording copies of the gradients it applies, by variable name, with the optimiser's learning rate;
 * the caller disposes them.
 */
function recordingAdamGradients<T>(body: () => T): { result: T; applications: RecordedApplication[] } {
  const applications: RecordedApplication[] = [];
  const original = FusedAdamOptimizer.prototype.applyGradients;
  const spy = jest.spyOn(FusedAdamOptimizer.prototype, 'applyGradients').mockImplementation(function (this: FusedAdamOptimizer, variableGradients) {
    const grads = new Map<string, tf.Tensor>();
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    for (const [name, tensor] of entries) grads.set(name, tf.keep(tensor.clone()));
    applications.push({ learningRate: this.learningRate, grads });
    original.call(this, variableGradients);
  });
  try {
    return { result: body(), applications };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Runs `body` with `Math.random` replaced by a generator seeded with `seed`. tfjs draws the seed of an
 * unseeded random op (here: Dropout's mask) from `Math.random`, on the CPU, so two backends running
 * the same ops under the same seed draw the same masks.
 */
function withSeededMathRandom<T>(seed: number, body: () => T): T {
  const spy = jest.spyOn(Math, 'random').mockImplementation(createRandom(seed));
  try {
    return body();
  } finally {
    spy.mockRestore();
  }
}

/**
 * Builds `kind` on the active backend from `seed`, reads `encode`/`reconstruct` of `images`, takes one
 * `trainStep` (Dropout masks drawn under a fixed `Math.random` seed, see above; the models' own draws,
 * VAE noise and AAE prior samples, are seeded by the model) and reads back the losses, every weight
 * before and after, and the gradients each optimiser applied. Disposes everything it made.
 */
export async function snapshotModelStep(
  kind: ModelKind,
  options: { readonly inputShape: ImageShape; readonly latentDim: number; readonly seed: number },
  images: Float32Array,
  batch: number,
): Promise<ModelStepSnapshot> {
  const model = createModel(kind, options);
  const x = tf.tensor4d(images, [batch, ...options.inputShape]);
  try {
    const latentTensor = model.encode(x);
    const reconstructionTensor = model.reconstruct(x);
    const [latents, reconstructions] = (await Promise.all([latentTensor.data(), reconstructionTensor.data()])) as Float32Array[];
    tf.dispose([latentTensor, reconstructionTensor]);

    const variables = MODEL_NETWORKS[kind].flatMap((name) => {
      const network = model.networks[name];
      if (network === undefined) throw new Error(`model '${kind}' has no network '${name}'`);
      return network.weights.map((w, i) => ({ key: `${name}/${i}`, trainable: w.trainable, variable: w.read() as tf.Variable }));
    });
    const before = (await Promise.all(variables.map(({ variable }) => variable.data()))) as Float32Array[];

    const { result: lossTensors, applications } = recordingAdamGradients(() => withSeededMathRandom(17, () => model.trainStep(x)));
    const losses: Record<string, number> = {};
    for (const [name, loss] of Object.entries(lossTensors)) losses[name] = (await loss.data())[0];
    tf.dispose(Object.values(lossTensors));

    const after = (await Promise.all(variables.map(({ variable }) => variable.data()))) as Float32Array[];
    const weights: WeightSnapshot[] = [];
    for (const [i, { key, trainable, variable }] of variables.entries()) {
      const updates: WeightSnapshot['updates'][number][] = [];
      for (const { learningRate, grads } of applications) {
        const gradient = grads.get(variable.name);
        if (gradient !== undefined) updates.push({ learningRate, gradient: (await gradient.data()) as Float32Array });
      }
      weights.push({ key, trainable, before: before[i], after: after[i], updates });
    }
    for (const { grads } of applications) tf.dispose([...grads.values()]);
    return { latents, reconstructions, losses, weights };
  } finally {
    x.dispose();
    model.dispose();
  }
}
