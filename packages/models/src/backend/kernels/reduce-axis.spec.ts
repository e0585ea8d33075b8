import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu, runOn } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm Sum and Mean over one collapsed axis (heap kernel) against the cpu backend', () => {
  // [A, R, B] patterns: leading axes (BatchNorm/bias gradients), middle axes, B below, at and above a
  // multiple of 8, R above the 64-row block, size-1 axes, keepDims.
  it.each<[number[], number[], boolean]>([
    [[3, 9, 7, 5], [0, 1, 2], false],
    [[3, 9, 7, 5], [0, 1, 2], true],
    [[2, 70, 3, 8], [1], false],
    [[5, 131, 17], [1], true],
    [[130, 9], [0], false],
    [[1, 67, 1, 33], [0, 1], false],
    [[4, 1, 6, 3], [0, 1, 2], false],
    [[16, 28, 28, 32], [0, 1, 2], false],
    [[2, 3, 4, 5], [3], false],
    [[2, 3, 4, 5], [0, 2], false],
  ])('x=%j axes %j keepDims %s', async (shape, axes, keepDims) => {
    const x = seededValues(shape.reduce((a, b) => a * b), 17);
    await expectSameAsCpu(`Sum/Mean ${JSON.stringify(shape)} over ${JSON.stringify(axes)}`, () => {
      const t = tf.tensor(x, shape);
      return [tf.sum(t, axes, keepDims), tf.mean(t, axes, keepDims)];
    });
    const shapes = await (async () => {
      await tf.setBackend('wasm');
      return tf.tidy(() => [tf.sum(tf.tensor(x, shape), axes, keepDims).shape, tf.mean(tf.tensor(x, shape), axes, keepDims).shape]);
    })();
    const [refShape] = await (async () => {
      await tf.setBackend('cpu');
      return [tf.tidy(() => tf.sum(tf.tensor(x, shape), axes, keepDims).shape)];
    })();
    expect(shapes[0]).toEqual(refShape);
    expect(shapes[1]).toEqual(refShape);
  });

  it('sums exactly where float32 accumulation would drift (float64 accumulators)', async () => {
    // 2^24 + 1 is not a float32; summing ones into a float32 would stop at 2^24.
    const n = 2 ** 24 + 16;
    const [got] = await runOn('wasm', () => tf.sum(tf.ones([n, 1, 2]), 0));
    expect(Array.from(got)).toEqual([n, n]);
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(seededValues(4 * 5 * 6 * 9, 1), [4, 5, 6, 9]);
    tf.dispose([tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1])]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose([tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1])]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
