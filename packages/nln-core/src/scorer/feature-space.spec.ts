import * as tf from '@tensorflow/tfjs';
import { FakeAutoencoder } from '../test-utils/fake-autoencoder';
import { featureSpace, type TrainingRows } from './feature-space';

// z = x[0], g(z) = [z, z], q(x) = x[0] + x[1], f_con(x) = 2 x[1]; training latents 0, 1, 0.5, no cache.
const model = new FakeAutoencoder({
  kind: 'ae-con',
  inputShape: [1, 2, 1],
  latentDim: 1,
  encoder: [1, 0],
  decoder: [1, 1],
  discriminator: [1, 1],
  discriminatorDim: 1,
  consistency: [0, 2],
});
const training: TrainingRows = { trainLatents: new Float32Array([0, 1, 0.5]), cache: null, cacheFeatureSize: 0 };
const neighbours = new Int32Array([1, 2]);
const values = (t: tf.Tensor): number[] => {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
};

afterAll(() => model.dispose());

describe('featureSpace', () => {
  it('compares, per mode, the query side of x = [0.2, 0.6] with the neighbour side of training samples 1 and 2', () => {
    const x = tf.tensor4d([0.2, 0.6], [1, 1, 2, 1]);
    const z = model.encode(x);
    const xHat = model.reconstruct(x);
    const cases = [
      // Pixels: x against g(z_k) = [1, 1] and [0.5, 0.5].
      { mode: 'reconstruction', fc: 'paper', query: [0.2, 0.6], side: [1, 1, 0.5, 0.5], pixel: true, cacheable: true },
      // q(x) = 0.8 against q(g(z_k)) = 2 and 1.
      { mode: 'residual', fc: 'paper', query: [0.8], side: [2, 1], pixel: false, cacheable: true },
      // z = 0.2 against f_con(g(z_k)) = 2 and 1.
      { mode: 'consistency', fc: 'paper', query: [0.2], side: [2, 1], pixel: false, cacheable: true },
      // f_con(x̂) = 0.4 against z_k = 1 and 0.5, read from the training latents.
      { mode: 'consistency', fc: 'reference-code', query: [0.4], side: [1, 0.5], pixel: false, cacheable: false },
    ] as const;
    for (const c of cases) {
      const space = featureSpace(model, c.mode, c.fc);
      expect([space.mode, space.pixelQueries, space.cacheable]).toEqual([c.mode, c.pixel, c.cacheable]);
      values(space.query(x, z, xHat)).forEach((v, i) => expect(v).toBeCloseTo(c.query[i], 6));
      values(space.neighbourFeatures(neighbours, training)).forEach((v, i) => expect(v).toBeCloseTo(c.side[i], 6));
      values(space.neighbourImages(neighbours, training)).forEach((v, i) => expect(v).toBeCloseTo([1, 1, 0.5, 0.5][i], 6));
    }
    tf.dispose([x, z, xHat]);
  });

  it('reads the neighbour side from the cache when there is one', () => {
    const cached: TrainingRows = { ...training, cache: new Float32Array([0, 0, 7, 7, 9, 9]), cacheFeatureSize: 2 };
    const space = featureSpace(model, 'reconstruction', 'paper');
    expect(values(space.neighbourFeatures(neighbours, cached))).toEqual([7, 7, 9, 9]);
    expect(values(space.neighbourImages(neighbours, cached))).toEqual([7, 7, 9, 9]);
    expect(values(featureSpace(model, 'residual', 'paper').neighbourImages(neighbours, cached))).toEqual([1, 1, 0.5, 0.5]);
  });
});
