import * as tf from '@tensorflow/tfjs';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/**
 * `FusedBatchNorm` (y = offset + (x - mean)·scale/sqrt(variance + eps)) as y = x·k + s with the per-channel
 * k and s computed once (in float64, on the wasm heap) and the element-wise part on XNNPACK's broadcasting
 * Multiply and Add. Handles parameters of size 1 or of the size of x's
 * last axis (the channels of NHWC, as tf.layers' BatchNormalization passes them); anything else goes to
 * the stock kernel. Stock wasm's own loop took about 3x the time on [64,28,28,32].
 */
export function fusedBatchNormWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelName: tf.FusedBatchNorm,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined> & { x: tf.TensorInfo };
      const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
      const channels = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
      const params = [mean, variance, offset, scale];
      const fits = (t: tf.TensorInfo | undefined) => t == null || (t.dtype === 'float32' && [1, channels].includes(tf.util.sizeFromShape(t.shape)));
      if (x.dtype !== 'float32' || mean == null || variance == null || !params.every(fits)) return stock.kernelFunc(args);
      const backend = wasmBackendOf(args.backend, tf.FusedBatchNorm);
      const read = (t: tf.TensorInfo | undefined, fallback: number) => {
        const v = t == null ? null : heapF32(backend, t);
        return Float64Array.from({ length: channels }, (_, c) => (v == null ? fallback : v.length === 1 ? v[0] : v[c]));
      };
      const m = read(mean, 0);
      const vr = read(variance, 1);
      const off = read(offset, 0);
      const sc = read(scale, 1);
      const factor = makeF32Output(backend, [channels], false);
      const shift = makeF32Output(backend, [channels], false);
      const fv = heapF32(backend, factor);
      const sv = heapF32(backend, shift);
      for (let c = 0; c < channels; c++) {
        const k = sc[c] / Math.sqrt(vr[c] + varianceEpsilon);
        fv[c] = k;
        sv[c] = off[c] - m[c] * k;
      }
      // x·factor + shift as two broadcasting XNNPACK element-wise kernels (faster than a JS loop here).
      const multiply = tf.getKernel(tf.Multiply, 'wasm');
      const add = tf.getKernel(tf.Add, 'wasm');
      if (multiply == null || add == null) throw new Error('FusedBatchNorm: wasm has no Multiply or Add kernel');
      const scaled = multiply.kernelFunc({ inputs: { a: x, b: factor }, attrs: {}, backend }) as tf.TensorInfo;
      const out = add.kernelFunc({ inputs: { a: scaled, b: shift }, attrs: {}, backend }) as tf.TensorInfo;
      for (const t of [factor, shift, scaled]) backend.disposeData(t.dataId);
      return out;
    },
  };
}
