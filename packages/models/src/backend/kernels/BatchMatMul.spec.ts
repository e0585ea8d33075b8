import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';
import { transposeInto } from './BatchMatMul';

beforeAll(async () => {
  await setWasmBackend();
});

describe('transposeInto', () => {
  it('swaps the last two axes of each matrix, tiles and ragged edges included', () => {
    const [batch, rows, cols] = [2, 37, 45];
    const src = Float32Array.from({ length: batch * rows * cols }, (_, i) => i);
    const dst = new Float32Array(src.length);
    transposeInto(src, dst, batch, rows, cols);
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) expect(dst[b * rows * cols + j * rows + i]).toBe(src[b * rows * cols + i * cols + j]);
  });
});

describe('wasm BatchMatMul with transposes against the cpu backend', () => {
  // [batch..., M, K] x [batch..., K, N], given in the layout each transpose flag implies.
  it.each<[number[], number[], boolean, boolean]>([
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[64, 1568], [64, 32], true, false],
    [[64, 32], [1568, 32], false, true],
    [[3, 9, 5], [3, 9, 4], true, false],
    [[2, 5, 9], [2, 4, 9], false, true],
    [[1, 33, 17], [4, 19, 33], true, true],
    [[2, 3, 6, 5], [2, 3, 6, 7], true, false],
    [[5, 7], [7, 3], false, false],
  ])('a=%j b=%j transposeA %s transposeB %s', async (as, bs, ta, tb) => {
    const a = seededValues(as.reduce((p, q) => p * q), 3);
    const b = seededValues(bs.reduce((p, q) => p * q), 4);
    await expectSameAsCpu('matMul', () => tf.matMul(tf.tensor(a, as), tf.tensor(b, bs), ta, tb));
  });

  it('dense layer gradients (the transposed products) match cpu', async () => {
    const x = seededValues(6 * 11, 5);
    const w = seededValues(11 * 4, 6);
    await expectSameAsCpu('dense grads', () => {
      const xt = tf.tensor2d(x, [6, 11]);
      const wt = tf.tensor2d(w, [11, 4]);
      const [dx, dw] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(tf.matMul(p, q))))([xt, wt]);
      return [dx, dw];
    });
  });

  it('leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor(seededValues(40 * 30, 1), [40, 30]);
    const b = tf.tensor(seededValues(20 * 30, 2), [20, 30]);
    const run = () => tf.dispose([tf.matMul(a, b, false, true), tf.matMul(a, a, true, false)]);
    run();
    const before = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    tf.dispose([a, b]);
  });
});
