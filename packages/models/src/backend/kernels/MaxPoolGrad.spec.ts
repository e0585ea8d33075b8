import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu, runOn } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';

type Shape4 = [number, number, number, number];

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm MaxPoolGrad (one pass on the wasm heap) against the cpu backend', () => {
  // Odd sizes, overlapping and strided windows, same/valid, batch 1 and > 1.
  it.each<[Shape4, [number, number], [number, number], 'same' | 'valid']>([
    [[1, 7, 7, 1], [2, 2], [2, 2], 'same'],
    [[3, 9, 7, 5], [2, 2], [2, 2], 'same'],
    [[2, 9, 7, 3], [3, 3], [2, 2], 'same'],
    [[2, 9, 7, 3], [3, 3], [2, 2], 'valid'],
    [[1, 8, 11, 2], [3, 2], [1, 1], 'same'],
    [[2, 10, 10, 4], [3, 3], [3, 2], 'valid'],
    [[4, 28, 28, 8], [2, 2], [2, 2], 'same'],
  ])('x=%j pool %j strides %j %s', async (shape, pool, strides, pad) => {
    const x = seededValues(shape.reduce((a, b) => a * b), 7);
    const dyShape = tf.backend_util.computePool2DInfo(shape, pool, strides, 1, pad).outShape;
    const dy = seededValues(dyShape.reduce((a, b) => a * b), 11);
    await expectSameAsCpu('MaxPoolGrad', () =>
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, pool, strides, pad))(tf.tensor4d(x, shape), tf.tensor4d(dy, dyShape as Shape4)),
    );
  });

  it('gives a tied window gradient to its first maximum, as cpu does (ReLU zeros)', async () => {
    const x = tf.tensor4d([0, 0, 0, 0, 1, 1, 1, 1], [2, 2, 2, 1]);
    const run = () => tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'))(x, tf.tensor4d([5, 7], [2, 1, 1, 1]));
    const [wasm] = await runOn('wasm', run);
    expect(Array.from(wasm)).toEqual([5, 0, 0, 0, 7, 0, 0, 0]);
    const [cpu] = await runOn('cpu', run);
    expect(Array.from(cpu)).toEqual(Array.from(wasm));
    x.dispose();
  });

  it('is a clear error for a dy that does not fit', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros<tf.Rank.R4>([1, 4, 4, 1]);
    const dy = tf.zeros<tf.Rank.R4>([1, 3, 3, 1]);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' } as unknown as tf.NamedAttrMap;
    expect(() => tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: dy }, attrs)).toThrow(/expected \[1,2,2,1\]/);
    tf.dispose([x, dy]);
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 6 * 6 * 3, 3), [2, 6, 6, 3]);
    const f = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'same')));
    tf.dispose(f(x));
    const before = tf.memory().numTensors;
    const beforeBytes = tf.memory().numBytes;
    for (let i = 0; i < 3; i++) tf.dispose(f(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(beforeBytes);
    x.dispose();
  });
});
