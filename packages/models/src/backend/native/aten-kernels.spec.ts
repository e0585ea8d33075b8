import * as tf from '@tensorflow/tfjs';
import { registerCpuResizeNearestNeighborGrad } from '../cpu-resize-grad';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu, relativeError, runOn } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';
import { loadAten, type AtenAddon, type AtenConvGeometry } from './aten-addon';
import { registerAtenKernels, setAtenKernels } from './aten-kernels';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number;

const load = loadAten();
if (!load.ok) console.warn(`native ATen kernel tests skipped: ${load.reason}`);
const withAddon = load.ok ? describe : describe.skip;

/** The addon (these tests run only where it loads). */
function addon(): AtenAddon {
  if (!load.ok) throw new Error(load.reason);
  return load.addon;
}

withAddon('native ATen convolutions on the wasm heap, against cpu', () => {
  beforeAll(async () => {
    registerCpuResizeNearestNeighborGrad(); // the reference: stock cpu's is wrong for batch > 1
    await setWasmBackend();
    registerAtenKernels();
    addon().setThreads(2);
    setAtenKernels(addon());
  });

  afterAll(() => setAtenKernels(undefined));

  // [x, filter, stride, pad]: batch 1 and > 1, odd sizes, same/valid/explicit, strides 1-3, uneven `same`
  // padding (stride 2 on an even side: nothing on top, one row below), a filter wider than the input's pad.
  it.each<[Shape4, Shape4, number, Pad]>([
    [[1, 5, 5, 1], [3, 3, 1, 4], 1, 'same'],
    [[3, 7, 5, 2], [3, 3, 2, 3], 1, 'valid'],
    [[2, 8, 8, 3], [3, 3, 3, 4], 2, 'same'],
    [[2, 9, 6, 2], [2, 2, 2, 5], 2, 'same'],
    [[1, 7, 7, 4], [5, 5, 4, 2], 3, 'same'],
    [[2, 6, 7, 3], [4, 4, 3, 2], 2, 'valid'],
    [[2, 5, 6, 2], [3, 3, 2, 3], 1, 1],
    [[4, 28, 28, 1], [3, 3, 1, 8], 1, 'same'],
  ])('x=%j filter=%j stride %d pad %j: forward and both gradients', async (xs, fs, s, pad) => {
    const x = seededValues(xs.reduce((a, b) => a * b), 31);
    const f = seededValues(fs.reduce((a, b) => a * b), 32);
    const calls = { forward: jest.spyOn(addon(), 'fusedConv2d'), filter: jest.spyOn(addon(), 'conv2dBackpropFilter'), input: jest.spyOn(addon(), 'conv2dBackpropInput') };
    try {
      await expectSameAsCpu(`conv2d ${JSON.stringify([xs, fs, s, pad])}`, () => {
        const xt = tf.tensor4d(x, xs);
        const ft = tf.tensor4d(f, fs);
        const y = tf.conv2d(xt, ft, s, pad);
        const dy = tf.tensor4d(seededValues(y.size, 33), y.shape as Shape4);
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad))([xt, ft], dy);
        return [y, dx, df];
      });
      // The wasm run went through the addon, not the kernels it replaces.
      expect(calls.forward).toHaveBeenCalled();
      expect(calls.filter).toHaveBeenCalled();
      expect(calls.input).toHaveBeenCalled();
    } finally {
      Object.values(calls).forEach((c) => c.mockRestore());
    }
  });

  // Inference's convolutions: bias and activation fused (tfjs-layers' conv layers), uneven padding.
  it.each<[Shape4, Shape4, number, Pad, tf.fused.Activation, boolean]>([
    [[2, 8, 8, 3], [3, 3, 3, 4], 1, 'same', 'relu', true],
    [[2, 9, 9, 2], [4, 4, 2, 5], 2, 'same', 'leakyrelu', true],
    [[3, 6, 7, 2], [2, 2, 2, 3], 1, 'valid', 'sigmoid', false],
    [[2, 5, 5, 4], [3, 3, 4, 2], 2, 'same', 'linear', true],
    [[2, 5, 5, 4], [3, 3, 4, 2], 1, 'same', 'relu6', true],
  ])('fused conv2d x=%j filter=%j stride %d %j, %s, bias %s', async (xs, fs, s, pad, activation, withBias) => {
    const spy = jest.spyOn(addon(), 'fusedConv2d');
    try {
      await expectSameAsCpu(`fused conv2d ${JSON.stringify([xs, fs, s, pad, activation])}`, () =>
        tf.fused.conv2d({
          x: tf.tensor4d(seededValues(xs.reduce((a, b) => a * b), 91), xs),
          filter: tf.tensor4d(seededValues(fs.reduce((a, b) => a * b), 92), fs),
          strides: s,
          pad,
          ...(withBias ? { bias: tf.tensor1d(seededValues(fs[3], 93)) } : {}),
          activation,
          leakyreluAlpha: 0.3,
        }),
      );
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('a fused convolution of one image stays on XNNPACK, with the same results', async () => {
    const spy = jest.spyOn(addon(), 'fusedConv2d');
    try {
      await expectSameAsCpu('fused conv2d, batch 1', () =>
        tf.fused.conv2d({ x: tf.tensor4d(seededValues(75, 94), [1, 5, 5, 3]), filter: tf.tensor4d(seededValues(54, 95), [3, 3, 3, 2]), strides: 1, pad: 'same', bias: tf.tensor1d([0.5, -0.5]), activation: 'relu' }),
      );
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('transposed convolutions (the decoders) with uneven padding, against cpu', async () => {
    const xs: Shape4 = [2, 4, 5, 3];
    const fs: Shape4 = [3, 3, 2, 3];
    const out: Shape4 = [2, 8, 10, 2];
    await expectSameAsCpu('conv2dTranspose stride 2 same', () => {
      const xt = tf.tensor4d(seededValues(120, 41), xs);
      const ft = tf.tensor4d(seededValues(54, 42), fs);
      const y = tf.conv2dTranspose(xt, ft, out, 2, 'same');
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, out, 2, 'same'))([xt, ft], tf.onesLike(y));
      return [y, dx, df];
    });
  });

  // [x, window, stride, pad]: ties (a ReLU's zeros: the first maximum in row-major order gets the
  // gradient), uneven `same` padding on odd sides, overlapping windows, batch 1 and > 1.
  it.each<[Shape4, number, number, 'same' | 'valid']>([
    [[2, 8, 8, 3], 2, 2, 'same'],
    [[1, 7, 5, 2], 2, 2, 'same'],
    [[3, 9, 9, 4], 3, 2, 'same'],
    [[2, 6, 7, 3], 3, 1, 'valid'],
  ])('max pooling gradient x=%j window %d stride %d %s, with ties', async (xs, k, s, pad) => {
    const x = seededValues(xs.reduce((a, b) => a * b), 51).map((v, i) => (i % 3 === 0 ? 0 : Math.max(0, v)));
    const spy = jest.spyOn(addon(), 'maxPoolGrad');
    try {
      await expectSameAsCpu(`maxPool grad ${JSON.stringify([xs, k, s, pad])}`, () => {
        const xt = tf.tensor4d(x, xs);
        const y = tf.maxPool(xt, k, s, pad);
        const dy = tf.tensor4d(seededValues(y.size, 52), y.shape as Shape4);
        return [y, tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, k, s, pad))(xt, dy)];
      }, 'wasm', 1e-6); // overlapping windows add in another order; a wrong tie would be off by O(1)
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each<[Shape4, [number, number]]>([
    [[2, 7, 7, 3], [14, 14]],
    [[1, 3, 5, 2], [9, 10]],
    [[3, 4, 4, 1], [4, 8]],
  ])('nearest upsampling gradient x=%j to %j, by whole factors', async (xs, size) => {
    const spy = jest.spyOn(addon(), 'resizeNearestGrad');
    try {
      await expectSameAsCpu(`resize grad ${JSON.stringify([xs, size])}`, () => {
        const dy = tf.tensor4d(seededValues(xs[0] * size[0] * size[1] * xs[3], 61), [xs[0], size[0], size[1], xs[3]]);
        return tf.grad((a: tf.Tensor) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size))(tf.tensor4d(seededValues(xs.reduce((a, b) => a * b), 62), xs), dy);
      });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('nearest upsampling by a fraction, or with half-pixel centres, goes to the wasm kernels', async () => {
    const spy = jest.spyOn(addon(), 'resizeNearestGrad');
    try {
      const grad = (size: [number, number], half: boolean) =>
        tf.grad((a: tf.Tensor) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size, false, half))(tf.tensor4d(seededValues(2 * 4 * 4 * 2, 63), [2, 4, 4, 2]), tf.ones([2, size[0], size[1], 2]));
      await expectSameAsCpu('resize grad 4 -> 6', () => grad([6, 6], false));
      await expectSameAsCpu('resize grad 4 -> 8, half-pixel centres', () => grad([8, 8], true));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each<[Shape4, [number, number], boolean]>([
    [[2, 7, 7, 3], [14, 14], false],
    [[1, 3, 5, 2], [9, 10], true],
    [[3, 4, 4, 1], [4, 8], false],
  ])('nearest upsampling x=%j to %j by whole factors (half-pixel centres %s)', async (xs, size, half) => {
    const spy = jest.spyOn(addon(), 'resizeNearest');
    try {
      await expectSameAsCpu(`resize ${JSON.stringify([xs, size, half])}`, () => [tf.image.resizeNearestNeighbor(tf.tensor4d(seededValues(xs.reduce((a, b) => a * b), 64), xs), size, false, half)], 'wasm', 0);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('nearest upsampling by a fraction, or with aligned corners, goes to the wasm kernel', async () => {
    const spy = jest.spyOn(addon(), 'resizeNearest');
    try {
      const x = () => tf.tensor4d(seededValues(2 * 4 * 4 * 2, 65), [2, 4, 4, 2]);
      await expectSameAsCpu('resize 4 -> 6', () => [tf.image.resizeNearestNeighbor(x(), [6, 6])], 'wasm', 0);
      await expectSameAsCpu('resize 4 -> 8, aligned corners', () => [tf.image.resizeNearestNeighbor(x(), [8, 8], true)], 'wasm', 0);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each<[number[], boolean, boolean]>([
    [[2, 5, 7, 3], true, true],
    [[1, 4, 4, 32], true, true],
    [[3, 6, 5, 2], false, true],
    [[4, 9], true, false],
    [[2, 3, 3, 4], false, false],
  ])('BatchNorm with fixed statistics, x=%j, offset %s, scale %s', async (xs, withOffset, withScale) => {
    const c = xs[xs.length - 1];
    const spy = jest.spyOn(addon(), 'batchNormInference');
    try {
      await expectSameAsCpu(`batchNorm ${JSON.stringify([xs, withOffset, withScale])}`, () => [
        tf.batchNorm(
          tf.tensor(seededValues(xs.reduce((a, b) => a * b), 71), xs),
          tf.tensor1d(seededValues(c, 72)),
          tf.tensor1d(seededValues(c, 73).map((v) => 0.1 + Math.abs(v))),
          withOffset ? tf.tensor1d(seededValues(c, 74)) : undefined,
          withScale ? tf.tensor1d(seededValues(c, 75)) : undefined,
          1e-3,
        ),
      ]);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('dilated convolutions go to the wasm kernels, with the same results', async () => {
    const spy = jest.spyOn(addon(), 'fusedConv2d');
    try {
      const [got] = await runOn('wasm', () => tf.conv2d(tf.tensor4d(seededValues(2 * 7 * 7 * 2, 5), [2, 7, 7, 2]), tf.tensor4d(seededValues(18 * 3, 6), [3, 3, 2, 3]), 1, 'valid', 'NHWC', 2));
      const [ref] = await runOn('cpu', () => tf.conv2d(tf.tensor4d(seededValues(2 * 7 * 7 * 2, 5), [2, 7, 7, 2]), tf.tensor4d(seededValues(18 * 3, 6), [3, 3, 2, 3]), 1, 'valid', 'NHWC', 2));
      expect(relativeError(got, ref)).toBeLessThanOrEqual(1e-5);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('turned off, the replaced wasm kernels run; tensor counts stay flat either way', async () => {
    await tf.setBackend('wasm');
    const spy = jest.spyOn(addon(), 'conv2dBackpropFilter');
    const x = tf.tensor4d(seededValues(2 * 6 * 6 * 2, 7), [2, 6, 6, 2]);
    const f = tf.variable(tf.tensor4d(seededValues(3 * 3 * 2 * 4, 8), [3, 3, 2, 4]));
    const step = () => tf.tidy(() => tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(x, f, 1, 'same'))), [f]).grads[f.name].dataSync());
    try {
      const before = tf.memory().numTensors;
      const native = step();
      expect(tf.memory().numTensors).toBe(before);
      expect(spy).toHaveBeenCalledTimes(1);
      setAtenKernels(undefined);
      const plain = step();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(relativeError(native, plain)).toBeLessThanOrEqual(1e-5);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      setAtenKernels(addon());
      spy.mockRestore();
      tf.dispose([x, f]);
    }
  });

  it('rejects arrays that do not match their shapes, naming the argument', () => {
    const g = { strides: [1, 1] as const, dilations: [1, 1] as const, pads: [0, 0, 0, 0] as const };
    const conv = (x: Float32Array, geometry: AtenConvGeometry) => addon().fusedConv2d(x, [1, 2, 2, 1], new Float32Array(1), [1, 1, 1, 1], null, new Float32Array(4), [1, 2, 2, 1], geometry, 'linear', 0);
    expect(() => conv(new Float32Array(3), g)).toThrow('x: 3 values for a shape of 4');
    expect(() => conv(new Float32Array(4), { ...g, strides: [0, 1] })).toThrow('strides and dilations must be at least 1');
    expect(() => addon().fusedConv2d(new Float32Array(4), [1, 2, 2, 1], new Float32Array(1), [1, 1, 1, 1], null, new Float32Array(4), [1, 2, 2, 1], g, 'swish', 0)).toThrow('unsupported activation swish');
    const norm = (mean: Float32Array) => addon().batchNormInference(new Float32Array(6), [3, 2], mean, new Float32Array(2), null, null, new Float32Array(6), 1e-3);
    expect(() => norm(new Float32Array(3))).toThrow('mean: 3 values for a shape of 2');
    expect(() => addon().resizeNearest(new Float32Array(4), [1, 2, 2, 1], new Float32Array(9), [1, 3, 3, 1])).toThrow('the output must be the input scaled by whole factors');
  });
});
