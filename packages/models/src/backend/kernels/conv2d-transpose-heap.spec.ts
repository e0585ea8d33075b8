import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';
import { interleavePhases, phaseKernelCacheSize, setPhaseKernelCaching } from './conv2d-transpose-heap';

type Shape4 = [number, number, number, number];

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm Conv2DBackpropInput (transposed conv) with heap phase kernels and interleave, against cpu', () => {
  // [input x, filter [kh, kw, out, in], stride, pad]: 1x1 inputs (one matrix product), odd sizes, strides
  // 1-3, same/valid, batch 1 and > 1, a filter smaller than the stride (phases no tap reaches).
  it.each<[Shape4, Shape4, number, 'same' | 'valid']>([
    [[1, 1, 1, 16], [8, 8, 5, 16], 1, 'valid'],
    [[3, 1, 1, 7], [8, 8, 4, 7], 1, 'valid'],
    [[2, 1, 1, 6], [3, 3, 4, 6], 1, 'same'],
    [[2, 1, 1, 6], [4, 4, 3, 6], 2, 'same'],
    [[1, 1, 1, 5], [3, 3, 2, 5], 2, 'valid'],
    [[1, 5, 7, 3], [4, 4, 2, 3], 2, 'same'],
    [[3, 7, 5, 4], [4, 4, 3, 4], 2, 'same'],
    [[2, 6, 6, 3], [3, 3, 2, 3], 3, 'valid'],
    [[2, 5, 4, 2], [2, 2, 3, 2], 3, 'same'],
    [[2, 9, 9, 5], [3, 3, 4, 5], 1, 'same'],
  ])('x=%j filter=%j stride %d %s: forward and both gradients', async (xs, fs, s, pad) => {
    const x = seededValues(xs.reduce((a, b) => a * b), 21);
    const f = seededValues(fs.reduce((a, b) => a * b), 22);
    const outH = pad === 'valid' ? (xs[1] - 1) * s + fs[0] : xs[1] * s;
    const outW = pad === 'valid' ? (xs[2] - 1) * s + fs[1] : xs[2] * s;
    const outShape: Shape4 = [xs[0], outH, outW, fs[2]];
    const dy = seededValues(outShape.reduce((a, b) => a * b), 23);
    await expectSameAsCpu(`conv2dTranspose ${JSON.stringify([xs, fs, s, pad])}`, () => {
      const xt = tf.tensor4d(x, xs);
      const ft = tf.tensor4d(f, fs);
      const y = tf.conv2dTranspose(xt, ft, outShape, s, pad);
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, s, pad))([xt, ft], tf.tensor4d(dy, outShape));
      return [y, dx, df];
    });
  });

  it('caches phase kernels per filter buffer: same results, freed once the filter is gone', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 5 * 5 * 3, 7), [2, 5, 5, 3]);
    const f = tf.tensor4d(seededValues(4 * 4 * 2 * 3, 8), [4, 4, 2, 3]);
    const run = async () => {
      const y = tf.conv2dTranspose(x, f, [2, 10, 10, 2], 2, 'same');
      const v = Array.from(await y.data());
      y.dispose();
      return v;
    };
    const first = await run();
    const cached = await run();
    expect(cached).toEqual(first);
    expect(phaseKernelCacheSize()).toBeGreaterThanOrEqual(1);
    setPhaseKernelCaching(false);
    try {
      expect(await run()).toEqual(first); // gathered afresh, and the cache is emptied
      expect(phaseKernelCacheSize()).toBe(0);
    } finally {
      setPhaseKernelCaching(true);
    }
    await run(); // caches this filter's kernels again
    const buffers = tf.backend().numDataIds();
    const other = tf.tensor4d(seededValues(4 * 4 * 2 * 3, 9), [4, 4, 2, 3]);
    f.dispose();
    // The next call (another filter) frees the disposed filter's kernels.
    const y = tf.conv2dTranspose(x, other, [2, 10, 10, 2], 2, 'same');
    y.dispose();
    expect(phaseKernelCacheSize()).toBe(1);
    expect(tf.backend().numDataIds()).toBe(buffers); // f's buffer and kernels out, other's buffer and kernels in
    tf.dispose([x, other]);
  });

  it('rejects a phase output that does not fit', async () => {
    await tf.setBackend('wasm');
    const part = tf.zeros<tf.Rank.R4>([1, 3, 3, 2]);
    expect(() => interleavePhases(tf.backend(), [1, 4, 4, 2], [2, 2], [{ r: 0, c: 0, values: part }])).toThrow(/does not fit/);
    part.dispose();
  });

  it('leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 4 * 4 * 3, 1), [2, 4, 4, 3]);
    const f = tf.tensor4d(seededValues(4 * 4 * 2 * 3, 2), [4, 4, 2, 3]);
    const z = tf.tensor4d(seededValues(2 * 3, 3), [2, 1, 1, 3]);
    const g = tf.tensor4d(seededValues(8 * 8 * 2 * 3, 4), [8, 8, 2, 3]);
    const run = () => tf.dispose([tf.conv2dTranspose(x, f, [2, 8, 8, 2], 2, 'same'), tf.conv2dTranspose(z, g, [2, 8, 8, 2], 1, 'valid')]);
    run();
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, f, z, g]);
  });
});
