import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry, type ConvPadding } from '../conv-geometry';
import { heapF32, makeF32Output, wasmBackendOf } from '../kernels/wasm-heap';
import type { AtenAddon, AtenConvGeometry, Shape4 } from './aten-addon';
import { batchNormTrainingKernels } from './aten-batch-norm';

/** The wasm kernels the native ATen kernels take over while they are on. */
export const ATEN_KERNELS = [
  tf.Conv2D,
  tf.FusedConv2D,
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.MaxPoolGrad,
  tf.ResizeNearestNeighbor,
  tf.ResizeNearestNeighborGrad,
  tf.FusedBatchNorm,
] as const;

let addon: AtenAddon | undefined;
const previous = new Map<string, tf.KernelConfig>();

function geometryOf(g: ConvGeometry): AtenConvGeometry {
  return { strides: g.strides, dilations: [1, 1], pads: [g.pad.top, g.pad.bottom, g.pad.left, g.pad.right] };
}

function dilationsOne(dilations: number | [number, number] | undefined): boolean {
  return dilations == null || (typeof dilations === 'number' ? dilations === 1 : dilations[0] === 1 && dilations[1] === 1);
}

interface ConvAttrs {
  readonly strides: number | [number, number];
  readonly pad: ConvPadding;
  readonly dataFormat?: string;
  readonly dilations?: number | [number, number];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Whether a call is one the native kernels take: float32, NHWC, no dilation. */
function handles(attrs: ConvAttrs, ...inputs: tf.TensorInfo[]): boolean {
  return (attrs.dataFormat == null || attrs.dataFormat === 'NHWC') && dilationsOne(attrs.dilations) && inputs.every((t) => t.dtype === 'float32' && t.shape.length === 4);
}

/** One native kernel: `run` when the addon is on and the call is one it handles, else the kernel it replaced. */
function nativeKernel(kernelName: string, run: (aten: AtenAddon, args: Parameters<tf.KernelFunc>[0]) => tf.TensorInfo | undefined): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const fallback = previous.get(kernelName);
      if (fallback == null) throw new Error(`${kernelName}: no wasm kernel to fall back to`);
      return (addon === undefined ? undefined : run(addon, args)) ?? fallback.kernelFunc(args);
    },
  };
}

const conv2d = nativeKernel(tf.Conv2D, (aten, { inputs, backend, attrs }) => {
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs;
  if (!handles(a, x, filter)) return undefined;
  const g = convGeometry(tf.Conv2D, x.shape, filter.shape, a);
  const wasm = wasmBackendOf(backend, tf.Conv2D);
  const y = makeF32Output(wasm, [...g.outShape], false);
  aten.fusedConv2d(heapF32(wasm, x), g.inShape, heapF32(wasm, filter), g.filterShape, null, heapF32(wasm, y), g.outShape, geometryOf(g), 'linear', 0);
  return y;
});

/** The activations the native `FusedConv2D` applies (the others, e.g. prelu and elu, go to wasm). */
const FUSED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu'];

/**
 * The smallest batch the native `FusedConv2D` takes. Measured against PyTorch in one run (compare-torch,
 * idle): native, MNIST inference at batch 128 went from 1.03x to 1.21x and MVTec inference at batch 64 from
 * 0.35x to 0.78x, but the MVTec encoder and decoder at batch 1 from 6.7 and 6.5 ms to 21.5 and 25.5 ms; a
 * single image stays on XNNPACK.
 */
const FUSED_CONV_MIN_BATCH = 2;

const fusedConv2d = nativeKernel(tf.FusedConv2D, (aten, { inputs, backend, attrs }) => {
  const { x, filter, bias } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs & { activation?: string; leakyreluAlpha?: number };
  const activation = a.activation ?? 'linear';
  if (!handles(a, x, filter) || !FUSED_ACTIVATIONS.includes(activation) || x.shape[0] < FUSED_CONV_MIN_BATCH) return undefined;
  if (bias != null && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3])) return undefined;
  const g = convGeometry(tf.FusedConv2D, x.shape, filter.shape, a);
  const wasm = wasmBackendOf(backend, tf.FusedConv2D);
  const y = makeF32Output(wasm, [...g.outShape], false);
  const b = bias == null ? null : heapF32(wasm, bias);
  aten.fusedConv2d(heapF32(wasm, x), g.inShape, heapF32(wasm, filter), g.filterShape, b, heapF32(wasm, y), g.outShape, geometryOf(g), activation, a.leakyreluAlpha ?? 0.2);
  return y;
});

const conv2dBackpropFilter = nativeKernel(tf.Conv2DBackpropFilter, (aten, { inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs & { filterShape: Shape4 };
  if (!handles(a, x, dy)) return undefined;
  const g = convGeometry(tf.Conv2DBackpropFilter, x.shape, a.filterShape, a);
  const wasm = wasmBackendOf(backend, tf.Conv2DBackpropFilter);
  const dw = makeF32Output(wasm, [...g.filterShape], false);
  aten.conv2dBackpropFilter(heapF32(wasm, x), g.inShape, heapF32(wasm, dy), g.outShape, heapF32(wasm, dw), g.filterShape, geometryOf(g));
  return dw;
});

const conv2dBackpropInput = nativeKernel(tf.Conv2DBackpropInput, (aten, { inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs & { inputShape: Shape4 };
  if (!handles(a, dy, filter)) return undefined;
  const g = convGeometry(tf.Conv2DBackpropInput, a.inputShape, filter.shape, a);
  const wasm = wasmBackendOf(backend, tf.Conv2DBackpropInput);
  const dx = makeF32Output(wasm, [...g.inShape], false);
  aten.conv2dBackpropInput(heapF32(wasm, dy), g.outShape, heapF32(wasm, filter), g.filterShape, heapF32(wasm, dx), g.inShape, geometryOf(g));
  return dx;
});

const maxPoolGrad = nativeKernel(tf.MaxPoolGrad, (aten, { inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  if (![dy, input].every((t) => t.dtype === 'float32' && t.shape.length === 4)) return undefined;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  if (info.dataFormat !== 'channelsLast' || dy.shape.join() !== info.outShape.join()) return undefined;
  const wasm = wasmBackendOf(backend, tf.MaxPoolGrad);
  const dx = makeF32Output(wasm, [...input.shape], false);
  const p = info.padInfo;
  aten.maxPoolGrad(heapF32(wasm, input), input.shape as unknown as Shape4, heapF32(wasm, dy), dy.shape as unknown as Shape4, heapF32(wasm, dx), [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], [p.top, p.bottom, p.left, p.right]);
  return dx;
});

/** Whether `large` is `small` scaled up by whole factors in height and width (same batch and channels): the sizes nearest upsampling maps exactly. */
function wholeFactors(small: readonly number[], large: readonly number[]): boolean {
  return large[0] === small[0] && large[3] === small[3] && large[1] % small[1] === 0 && large[2] % small[2] === 0;
}

const resizeNearestGrad = nativeKernel(tf.ResizeNearestNeighborGrad, (aten, { inputs, backend, attrs }) => {
  const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
  const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
  if (alignCorners || halfPixelCenters || ![images, dy].every((t) => t.dtype === 'float32' && t.shape.length === 4)) return undefined;
  if (!wholeFactors(images.shape, dy.shape)) return undefined;
  const wasm = wasmBackendOf(backend, tf.ResizeNearestNeighborGrad);
  const dx = makeF32Output(wasm, [...images.shape], false);
  aten.resizeNearestGrad(heapF32(wasm, dy), dy.shape as unknown as Shape4, heapF32(wasm, dx), images.shape as unknown as Shape4);
  return dx;
});

const resizeNearest = nativeKernel(tf.ResizeNearestNeighbor, (aten, { inputs, backend, attrs }) => {
  const { images } = inputs as { images: tf.TensorInfo };
  const { alignCorners, size } = attrs as unknown as tf.ResizeNearestNeighborAttrs;
  // Whole factors map the same with and without half-pixel centres; aligned corners map otherwise.
  if (alignCorners || images.dtype !== 'float32' || images.shape.length !== 4) return undefined;
  const [n, , , c] = images.shape;
  const [outH, outW] = size;
  if (!wholeFactors(images.shape, [n, outH, outW, c])) return undefined;
  const wasm = wasmBackendOf(backend, tf.ResizeNearestNeighbor);
  const y = makeF32Output(wasm, [n, outH, outW, c], false);
  aten.resizeNearest(heapF32(wasm, images), images.shape as unknown as Shape4, heapF32(wasm, y), [n, outH, outW, c]);
  return y;
});

const fusedBatchNorm = nativeKernel(tf.FusedBatchNorm, (aten, { inputs, backend, attrs }) => {
  const { x, mean, variance, offset, scale } = inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; variance: tf.TensorInfo; offset?: tf.TensorInfo; scale?: tf.TensorInfo };
  const channels = x.shape[x.shape.length - 1];
  const perChannel = (t: tf.TensorInfo | undefined) => t == null || (t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) === channels && t.shape.length <= 1);
  if (x.dtype !== 'float32' || x.shape.length === 0 || ![mean, variance, offset, scale].every(perChannel)) return undefined;
  const wasm = wasmBackendOf(backend, tf.FusedBatchNorm);
  const y = makeF32Output(wasm, [...x.shape], false);
  const of = (t: tf.TensorInfo | undefined) => (t == null ? null : heapF32(wasm, t));
  const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
  aten.batchNormInference(heapF32(wasm, x), [tf.util.sizeFromShape(x.shape) / channels, channels], heapF32(wasm, mean), heapF32(wasm, variance), of(offset), of(scale), heapF32(wasm, y), varianceEpsilon);
  return y;
});

/**
 * Registers the native kernels on the `wasm` backend over the kernels registered there now (nln's wasm
 * kernels: call after those), once per thread. They run only while an addon is set with
 * {@link setAtenKernels}; otherwise, and for calls they do not handle (dilation, NCHW, other dtypes), the
 * replaced kernels run.
 */
export function registerAtenKernels(): void {
  for (const config of [conv2d, fusedConv2d, conv2dBackpropFilter, conv2dBackpropInput, maxPoolGrad, resizeNearest, resizeNearestGrad, fusedBatchNorm]) {
    if (previous.has(config.kernelName)) continue;
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current == null) throw new Error(`wasm backend has no ${config.kernelName} kernel: is @tensorflow/tfjs-backend-wasm loaded?`);
    previous.set(config.kernelName, current);
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, setupFunc: current.setupFunc }); // the fallback keeps its wasm bindings
  }
  for (const config of batchNormTrainingKernels(() => addon)) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
}

/** Whether the native kernels are on and tfjs runs on wasm: then `batchNormTraining` can run. */
export function atenKernelsOn(): boolean {
  return addon !== undefined && tf.getBackend() === 'wasm';
}

/** Turns the native kernels on (with this addon) or off (`undefined`: the wasm kernels run). */
export function setAtenKernels(aten: AtenAddon | undefined): void {
  addon = aten;
}
