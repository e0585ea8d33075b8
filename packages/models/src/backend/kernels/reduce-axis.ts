import * as tf from '@tensorflow/tfjs';
import { collapseReduction } from '../wasm-layout-kernels';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/** Rows per block of {@link columnSums}: partial sums stay in registers for this many rows. */
const BLOCK_ROWS = 64;

/**
 * acc[j] = sum over k < r of v[start + k·b + j]: the column sums of an r x b row-major block, eight
 * columns at a time in local accumulators over blocks of rows (about 2.5x faster in V8 than one pass
 * with an accumulator array).
 */
function columnSums(v: Float32Array, start: number, r: number, b: number, acc: Float64Array): void {
  acc.fill(0);
  for (let k0 = 0; k0 < r; k0 += BLOCK_ROWS) {
    const k1 = Math.min(r, k0 + BLOCK_ROWS);
    let j = 0;
    for (; j + 8 <= b; j += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let k = k0, p = start + k0 * b + j; k < k1; k++, p += b) {
        s0 += v[p];
        s1 += v[p + 1];
        s2 += v[p + 2];
        s3 += v[p + 3];
        s4 += v[p + 4];
        s5 += v[p + 5];
        s6 += v[p + 6];
        s7 += v[p + 7];
      }
      acc[j] += s0;
      acc[j + 1] += s1;
      acc[j + 2] += s2;
      acc[j + 3] += s3;
      acc[j + 4] += s4;
      acc[j + 5] += s5;
      acc[j + 6] += s6;
      acc[j + 7] += s7;
    }
    for (; j < b; j++) {
      let s0 = 0;
      for (let k = k0, p = start + k0 * b + j; k < k1; k++, p += b) s0 += v[p];
      acc[j] += s0;
    }
  }
}

/**
 * `Sum` or `Mean` of a float32 tensor on the wasm heap in one pass, for every reduction that collapses
 * (see {@link collapseReduction}) to one reduced axis: `[A, R, B]` reduced over R, which covers the
 * BatchNorm and bias gradients (`[N,H,W,C]` over N,H,W is `[N·H·W, C]` over axis 0), with B > 1.
 * Sums are accumulated in float64. Anything else (reductions of the last axes, which are contiguous and
 * fast in the stock kernel, several separate reduced axes, other dtypes) goes to `fallback`.
 *
 * Stock wasm 4.22 transposes the reduced axes to the end and then sums; nln's earlier kernel computed
 * xᵀ·1 with a matrix product, which wasm runs as its plain-loop `slow_batch_matmul` (transposed operand).
 */
export function axisReduction(kernelName: string, fallback: tf.KernelConfig, mean: boolean): tf.KernelConfig {
  return {
    ...fallback,
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
      if (x.dtype !== 'float32' || x.shape.length === 0) return fallback.kernelFunc(args);
      const axes = tf.util.parseAxisParam(axis, x.shape);
      if (axes.length === 0) return fallback.kernelFunc(args);
      const collapsed = collapseReduction(x.shape, axes) ?? { shape: [...x.shape], axes: [...axes].sort((p, q) => p - q) };
      if (collapsed.axes.length > 1) return fallback.kernelFunc(args);
      // A reduction of the last axis is contiguous: the stock kernel's native loop is as fast.
      if (collapsed.axes.length === 1 && collapsed.axes[0] === collapsed.shape.length - 1) return fallback.kernelFunc(args);
      const outShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d)).filter((_, i) => keepDims || !axes.includes(i));
      const { shape: cs, axes: [ax] } = collapsed;
      // Every reduced axis had size 1 (ax undefined): the values are unchanged.
      const r = ax === undefined ? 1 : cs[ax];
      const a = ax === undefined ? 1 : cs.slice(0, ax).reduce((p, q) => p * q, 1);
      const b = ax === undefined ? tf.util.sizeFromShape(x.shape) : cs.slice(ax + 1).reduce((p, q) => p * q, 1);
      const backend = wasmBackendOf(args.backend, kernelName);
      const out = makeF32Output(backend, outShape, false);
      const y = heapF32(backend, out);
      const v = heapF32(backend, x);
      const scale = mean ? 1 / r : 1;
      const acc = new Float64Array(b);
      for (let i = 0; i < a; i++) {
        columnSums(v, i * r * b, r, b, acc);
        for (let j = 0; j < b; j++) y[i * b + j] = acc[j] * scale;
      }
      return out;
    },
  };
}
