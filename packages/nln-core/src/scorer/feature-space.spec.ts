import * as tf from '@tensorflow/tfjs';
import { FakeAutoencoder, randomFakeAutoencoder } from '../test-utils/fake-autoencoder';
import { decodeRows, featureSpace, type TrainingRows } from './feature-space';

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

describe('decodeRows', () => {
  it('decodes in calls of a few rows to the same values as one call, and leaves no tensor behind', () => {
    const random = randomFakeAutoencoder(5, [3, 3, 2], 4);
    const latents = Float32Array.from({ length: 40 * 4 }, (_, i) => Math.sin(i * 1.7));
    const rows: TrainingRows = { trainLatents: latents, cache: null, cacheFeatureSize: 0 };
    const indices = Int32Array.from({ length: 23 }, (_, i) => (i * 7) % 40);
    const whole = decodeRows(random, rows, indices, 1000);
    const before = tf.memory().numTensors;
    const chunked = decodeRows(random, rows, indices, 5);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(chunked.shape).toEqual([23, 3, 3, 2]);
    expect(Array.from(chunked.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([whole, chunked]);
    random.dispose();
  });
});
