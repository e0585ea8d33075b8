import * as tf from '@tensorflow/tfjs';
import { reconstructionError, reconstructionErrorTensor } from './reconstruction-error';

describe('reconstructionError (Eq. 3)', () => {
  const x = new Float32Array([0, 0.5, 1, 1, 0.2, 0.2, 0.2, 0.2]);
  const xHat = new Float32Array([0.5, 0.5, 0, 1, 0.2, 0.4, 0, 0.2]);

  it('is the mean absolute error per sample (hand-checked)', () => {
    // (0.5 + 0 + 1 + 0) / 4 = 0.375 and (0 + 0.2 + 0.2 + 0) / 4 = 0.1
    const r = reconstructionError(x, xHat, 4);
    expect(r[0]).toBeCloseTo(0.375, 6);
    expect(r[1]).toBeCloseTo(0.1, 6);
  });

  it('tensor path matches and leaves no tensors', async () => {
    const a = tf.tensor4d(x, [2, 2, 2, 1]);
    const b = tf.tensor4d(xHat, [2, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const r = reconstructionErrorTensor(a, b);
    const values = await r.data();
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(values[0]).toBeCloseTo(0.375, 6);
    expect(values[1]).toBeCloseTo(0.1, 6);
    tf.dispose([a, b]);
  });

  it('rejects mismatched sizes', () => {
    expect(() => reconstructionError(x, xHat.subarray(1), 4)).toThrow(/8 input values but 7/);
    expect(() => reconstructionError(x, xHat, 3)).toThrow(/not a whole number of rows of 3/);
  });
});
