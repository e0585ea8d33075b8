import * as tf from '@tensorflow/tfjs';
import { latentDistance, meanOfFirstK, neighbourErrors, neighbourErrorsTensor, nlnError } from './neighbour-error';

describe('NLN error terms (Eq. 4)', () => {
  // Two samples of two values; two neighbours each.
  const queries = new Float32Array([0.2, 0.6, 1, 0]);
  const neighbours = new Float32Array([0, 0, 0.5, 0.5, 1, 1, 0, 0]);

  it('per-neighbour errors are the mean of |x - g(z_k)| (hand-checked)', () => {
    // Sample 0: (0.2 + 0.6) / 2 = 0.4 and (0.3 + 0.1) / 2 = 0.2; sample 1: (0 + 1) / 2 and (1 + 0) / 2.
    const e = neighbourErrors(queries, neighbours, 2, 2);
    [0.4, 0.2, 0.5, 0.5].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 6));
  });

  it('nlnError averages over K (K = 1 and K = 2)', () => {
    const e2 = nlnError(queries, neighbours, 2, 2);
    expect(e2[0]).toBeCloseTo(0.3, 6);
    expect(e2[1]).toBeCloseTo(0.5, 6);
    // K = 1: only the nearest neighbour of each sample.
    const e1 = nlnError(new Float32Array([0.2, 0.6]), new Float32Array([0, 0]), 2, 1);
    expect(e1[0]).toBeCloseTo(0.4, 6);
  });

  it('latentDistance is the mean of the first K Euclidean distances', () => {
    const d = new Float32Array([0.2, 0.3, 0.8, 1, 2, 6]);
    expect(Array.from(latentDistance(d, 3, 1))).toEqual([Math.fround(0.2), 1]);
    const d2 = latentDistance(d, 3, 2);
    expect(d2[0]).toBeCloseTo(0.25, 6);
    expect(d2[1]).toBeCloseTo(1.5, 6);
    const d3 = latentDistance(d, 3, 3);
    expect(d3[0]).toBeCloseTo(1.3 / 3, 6);
    expect(d3[1]).toBeCloseTo(3, 6);
    expect(() => meanOfFirstK(d, 3, 4)).toThrow(/K must be an integer in \[1, 3\], got 4/);
  });

  it('tensor path matches the pure one and leaves no tensors', async () => {
    const q = tf.tensor2d(queries, [2, 2]);
    const b = tf.tensor3d(neighbours, [2, 2, 2]);
    const before = tf.memory().numTensors;
    const t = neighbourErrorsTensor(q, b);
    const values = await t.data();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const pure = neighbourErrors(queries, neighbours, 2, 2);
    values.forEach((v, i) => expect(v).toBeCloseTo(pure[i], 6));
    tf.dispose([q, b]);
  });

  it('rejects a neighbour array of the wrong size', () => {
    expect(() => neighbourErrors(queries, neighbours.subarray(2), 2, 2)).toThrow(/expected 2 x 2 x 2 neighbour values, got 6/);
  });
});
