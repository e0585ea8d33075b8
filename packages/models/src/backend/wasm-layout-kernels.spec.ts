import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from './wasm-backend';
import { collapseReduction } from './wasm-layout-kernels';

describe('collapseReduction', () => {
  it('drops size-1 axes and merges neighbours of the same kind', () => {
    expect(collapseReduction([128, 28, 28, 32], [0, 1, 2])).toEqual({ shape: [100352, 32], axes: [0] });
    expect(collapseReduction([1, 1, 1, 32], [0, 1, 2])).toEqual({ shape: [32], axes: [] });
    expect(collapseReduction([4, 5, 6, 7], [1, 2])).toEqual({ shape: [4, 30, 7], axes: [1] });
    expect(collapseReduction([4, 5, 6, 7], [0, 2])).toBeNull();
    expect(collapseReduction([4, 5], [1])).toBeNull();
    expect(collapseReduction([3, 1, 5], [0, 2])).toEqual({ shape: [15], axes: [0] });
  });
});

describe('wasm Sum, Mean and Tile match cpu', () => {
  beforeAll(async () => {
    await setWasmBackend();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const x = Float32Array.from({ length: 3 * 4 * 5 * 2 }, (_, i) => Math.sin(i * 1.7) * 3);
  const cases: Array<[number[] | number | null, boolean]> = [
    [[0, 1, 2], false],
    [[0, 1, 2], true],
    [[1, 2], false],
    [[0], true],
    [[3], false],
    [[0, 2], false],
    [[0, 1, 2, 3], false],
    [null, false],
    [-1, true],
  ];

  async function run(backend: string, fn: () => tf.Tensor): Promise<{ shape: number[]; values: number[] }> {
    await tf.setBackend(backend);
    const t = tf.tidy(fn);
    const out = { shape: t.shape, values: Array.from(await t.data()) };
    t.dispose();
    return out;
  }

  it.each(cases)('sum and mean over %j, keepDims %s', async (axis, keepDims) => {
    for (const op of [tf.sum, tf.mean]) {
      const fn = (): tf.Tensor => op(tf.tensor4d(x, [3, 4, 5, 2]), axis ?? undefined, keepDims);
      const ref = await run('cpu', fn);
      const got = await run('wasm', fn);
      expect(got.shape).toEqual(ref.shape);
      got.values.forEach((v, i) => expect(v).toBeCloseTo(ref.values[i], 4));
    }
  });

  it('int32 sums still go to the stock kernel', async () => {
    const got = await run('wasm', () => tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0));
    expect(got.values).toEqual([4, 6]);
  });

  it.each([
    [[1, 1, 1, 2], [3, 4, 5, 1]],
    [[3, 1], [1, 4]],
    [[2, 3], [2, 2]],
  ])('tile %j by %j', async (shape, reps) => {
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 0.5);
    const fn = (): tf.Tensor => tf.tile(tf.tensor(values, shape), reps);
    expect(await run('wasm', fn)).toEqual(await run('cpu', fn));
  });
});
