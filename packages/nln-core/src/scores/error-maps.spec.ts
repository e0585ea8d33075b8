import * as tf from '@tensorflow/tfjs';
import { distanceMap, nlnErrorMap, nlnErrorMapTensor, reconstructionErrorMap } from './error-maps';

describe('segmentation maps', () => {
  // One 1x2 sample with 2 channels, two neighbours.
  const x = new Float32Array([0, 1, 0.5, 0.5]);
  const neighbours = new Float32Array([1, 1, 0.5, 0.5, 0, 0, 0, 1]);

  it('NLN error map: channel mean of the K-mean |x - g(z_k)| (hand-checked)', () => {
    // Pixel 0: (|0-1| + |1-1| + |0-0| + |1-0|) / 4 = 0.5; pixel 1: (0 + 0 + 0.5 + 0.5) / 4 = 0.25.
    expect(Array.from(nlnErrorMap(x, neighbours, [1, 2, 2], 2))).toEqual([0.5, 0.25]);
    // K = 1: only the first neighbour: pixel 0 (1 + 0) / 2, pixel 1 0.
    expect(Array.from(nlnErrorMap(x, neighbours.subarray(0, 4), [1, 2, 2], 1))).toEqual([0.5, 0]);
  });

  it('tensor NLN error map matches', async () => {
    const map = nlnErrorMapTensor(tf.tensor4d(x, [1, 1, 2, 2]), tf.tensor5d(neighbours, [1, 2, 1, 2, 2]));
    expect(Array.from(await map.data())).toEqual([0.5, 0.25]);
    expect(map.shape).toEqual([1, 1, 2]);
    map.dispose();
  });

  it('reconstruction error map and distance map (hand-checked)', () => {
    expect(Array.from(reconstructionErrorMap(x, new Float32Array([0, 0, 1, 1]), [1, 2, 2]))).toEqual([0.5, 0.5]);
    expect(Array.from(distanceMap(new Float32Array([2, 3]), [1, 2, 1]))).toEqual([2, 2, 3, 3]);
  });

  it('rejects wrong sizes', () => {
    expect(() => nlnErrorMap(x, neighbours.subarray(1), [1, 2, 2], 2)).toThrow(/expected 1 x 2 neighbour samples of 4 values/);
    expect(() => distanceMap(new Float32Array(1), [0, 2, 1])).toThrow(/bad sample shape/);
  });
});
