import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';

type Shape4 = [number, number, number, number];

/** The filter gradient kernel itself (tfjs does not export conv2dBackpropFilter). */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4, strides: number | [number, number], pad: 'same' | 'valid'): tf.Tensor4D {
  const attrs = { strides, pad, dataFormat: 'NHWC', filterShape };
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm Conv2DBackpropFilter as Pᵀ·dy (few taps x channels) against cpu', () => {
  // kh·kw·Ci <= 64 takes the matrix product; the last two cases take the conv formulation (above the limit).
  it.each<[Shape4, [number, number], number, number | [number, number], 'same' | 'valid']>([
    [[4, 28, 28, 1], [2, 2], 32, 1, 'same'],
    [[1, 9, 7, 1], [3, 3], 5, 2, 'same'],
    [[3, 11, 9, 3], [4, 4], 4, 2, 'same'],
    [[2, 10, 9, 2], [3, 3], 3, [2, 3], 'valid'],
    [[1, 12, 12, 1], [8, 8], 2, 1, 'valid'],
    [[2, 7, 7, 4], [4, 4], 3, 3, 'same'],
    [[2, 9, 9, 8], [3, 3], 4, 1, 'same'],
    [[1, 9, 9, 5], [4, 4], 2, 2, 'same'],
  ])('x=%j kernel %j Co=%d strides %j %s', async (xs, k, co, s, pad) => {
    const x = seededValues(xs.reduce((a, b) => a * b), 41);
    const fs: Shape4 = [k[0], k[1], xs[3], co];
    const dyShape = tf.backend_util.computeConv2DInfo(xs, fs, s, 1, pad).outShape;
    const dy = seededValues(dyShape.reduce((a, b) => a * b), 42);
    await expectSameAsCpu(`filter gradient ${JSON.stringify([xs, k, co, s, pad])}`, () =>
      filterGrad(tf.tensor4d(x, xs), tf.tensor4d(dy, dyShape as Shape4), fs, s, pad),
    );
  });

  it('is a clear error for a dy that does not fit', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros<tf.Rank.R4>([1, 6, 6, 1]);
    const dy = tf.zeros<tf.Rank.R4>([1, 5, 5, 2]);
    expect(() => filterGrad(x, dy, [2, 2, 1, 2], 1, 'same')).toThrow(/expected \[1,6,6,2\]/);
    tf.dispose([x, dy]);
  });

  it('leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 8 * 8, 1), [2, 8, 8, 1]);
    const dy = tf.tensor4d(seededValues(2 * 8 * 8 * 3, 2), [2, 8, 8, 3]);
    filterGrad(x, dy, [2, 2, 1, 3], 1, 'same').dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) filterGrad(x, dy, [2, 2, 1, 3], 1, 'same').dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, dy]);
  });
});
