import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@nln/datasets';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { countTrainableParams } from '../architectures/networks';
import { createModel, resolveModelConfig } from './create-model';
import { MODEL_KINDS, type ModelKind } from './model-kinds';
import type { TrainableModel } from './base-model';

beforeAll(useTestBackend);

async function read(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

describe.each(MODEL_KINDS)('%s', (kind: ModelKind) => {
  it.each<[ImageShape, number, number]>([
    [[28, 28, 1], 32, 2],
    [[32, 32, 3], 32, 2],
    [[128, 128, 1], 8, 1],
    [[128, 128, 3], 8, 2],
  ])('maps %j (L=%i) to the right shapes', (shape, latentDim, n) => {
    const model = createModel(kind, { inputShape: shape, latentDim, seed: 3 });
    tf.tidy(() => {
      const x = tf.tensor4d(syntheticImages(n, shape), [n, ...shape]);
      const z = model.encode(x);
      expect(z.shape).toEqual([n, latentDim]);
      expect(model.decode(z).shape).toEqual([n, ...shape]);
      expect(model.reconstruct(x).shape).toEqual([n, ...shape]);
      expect(model.discriminatorFeatures?.(x).shape ?? null).toEqual(kind === 'ae-res' ? [n, latentDim] : null);
      expect(model.consistencyEncode?.(x).shape ?? null).toEqual(kind === 'ae-con' ? [n, latentDim] : null);
    });
    model.dispose();
  });

  it('trains: the reconstruction loss falls on a tiny set, with no tensor leak per step', async () => {
    // A larger learning rate than the reference's (1e-5 for AAE) so that ten steps show the trend.
    const model = createModel(kind, { inputShape: [8, 8, 1], latentDim: 4, seed: 1, learningRates: { autoencoder: 1e-2 } });
    const x = tf.tensor4d(syntheticImages(1, [8, 8, 1], 9), [1, 8, 8, 1]);
    const reconstruction: number[] = [];
    let tensorsAfterFirst = -1;
    for (let step = 0; step < 10; step++) {
      const losses = model.trainStep(x);
      expect(Object.keys(losses).sort()).toEqual([...model.lossNames].sort());
      reconstruction.push(await read(losses['reconstruction']));
      for (const [name, v] of Object.entries(losses)) if (name !== 'reconstruction') expect(Number.isFinite(await read(v))).toBe(true);
      if (tensorsAfterFirst < 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(reconstruction[9]).toBeLessThan(reconstruction[0] * 0.95);
    x.dispose();
    model.dispose();
  });
});

describe('inference', () => {
  it('leaves no tensors behind and is deterministic (batch norm in inference mode)', async () => {
    const shape: ImageShape = [8, 8, 1];
    const models: TrainableModel[] = MODEL_KINDS.map((kind) => createModel(kind, { inputShape: shape, latentDim: 4 }));
    const x = tf.tensor4d(syntheticImages(3, shape), [3, ...shape]);
    const run = (): tf.Tensor[] => models.flatMap((m) => [m.encode(x), m.reconstruct(x), ...(m.discriminatorFeatures ? [m.discriminatorFeatures(x)] : []), ...(m.consistencyEncode ? [m.consistencyEncode(x)] : [])]);
    const first = run();
    const before = tf.memory().numTensors;
    const second = run();
    expect(tf.memory().numTensors).toBe(before + second.length);
    for (let i = 0; i < first.length; i++) expect(await second[i].data()).toEqual(await first[i].data());
    tf.dispose([...first, ...second, x]);
    models.forEach((m) => m.dispose());
  });

  it('VAE encodes to its mean deterministically', async () => {
    const vae = createModel('vae', { inputShape: [8, 8, 1], latentDim: 4 });
    const [encoded, mean] = tf.tidy(() => {
      const x = tf.tensor4d(syntheticImages(2, [8, 8, 1]), [2, 8, 8, 1]);
      return [vae.encode(x), (vae.networks.encoder.predict(x) as tf.Tensor[])[0]];
    });
    expect(await encoded.array()).toEqual(await mean.array());
    tf.dispose([encoded, mean]);
    vae.dispose();
  });
});

describe('dispose', () => {
  it.each(MODEL_KINDS)('%s frees its weights and optimiser state', (kind) => {
    const before = tf.memory().numTensors;
    const model = createModel(kind, { inputShape: [8, 8, 1], latentDim: 4 });
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    tf.dispose(Object.values(model.trainStep(x)));
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('config', () => {
  it('fills the reference learning rates and rejects foreign optimisers', () => {
    expect(resolveModelConfig('aae', { inputShape: [28, 28, 1] }).learningRates).toEqual({ autoencoder: 1e-5, discriminator: 1e-5, generator: 1e-5 });
    expect(() => resolveModelConfig('ae', { inputShape: [28, 28, 1], learningRates: { discriminator: 1 } })).toThrow(/no optimiser 'discriminator'/);
    expect(() => resolveModelConfig('nope' as ModelKind, { inputShape: [28, 28, 1] })).toThrow(/unknown model kind/);
  });

  it('AE-con at 128x128x3, L=128 has 1,798,084 parameters', () => {
    const m = createModel('ae-con', { inputShape: [128, 128, 3], latentDim: 128 });
    expect(countTrainableParams(...Object.values(m.networks).filter((n): n is tf.LayersModel => n !== undefined))).toBe(1_798_084);
    m.dispose();
  });
});
