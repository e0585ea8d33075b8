import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm Tile against the cpu backend', () => {
  it.each<[number[], number[]]>([
    [[1, 1, 1, 32], [64, 28, 28, 1]],
    [[1, 1, 1, 5], [3, 7, 9, 1]],
    [[1, 5], [3, 1]],
    [[1, 1, 3], [2, 5, 1]],
    [[1, 2, 3], [7, 1, 1]],
    [[4], [3]],
    [[2, 3], [2, 2]], // tiles a data axis: the kernel it replaces
    [[3, 1], [1, 4]],
    [[1, 3, 1], [2, 1, 3]],
  ])('x=%j reps %j', async (shape, reps) => {
    const x = seededValues(shape.reduce((a, b) => a * b, 1), 31);
    await expectSameAsCpu(`tile ${JSON.stringify(shape)} by ${JSON.stringify(reps)}`, () => tf.tile(tf.tensor(x, shape), reps));
    await tf.setBackend('wasm');
    const got = tf.tidy(() => tf.tile(tf.tensor(x, shape), reps).shape);
    expect(got).toEqual(shape.map((d, i) => d * reps[i]));
  });

  it('leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 1, 4]);
    tf.tile(x, [3, 5, 1]).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) tf.tile(x, [3, 5, 1]).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    x.dispose();
  });
});
