import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32, wasmBackendOf } from './wasm-heap';

/** Side of the square tiles {@link transposeInto} copies (keeps both the read and write side in cache). */
const TILE = 32;

/** dst[b][j][i] = src[b][i][j] for `batch` row-major `rows x cols` matrices. */
export function transposeInto(src: Float32Array, dst: Float32Array, batch: number, rows: number, cols: number): void {
  const size = rows * cols;
  for (let b = 0; b < batch; b++) {
    const base = b * size;
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(rows, i0 + TILE);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(cols, j0 + TILE);
        for (let i = i0; i < i1; i++) {
          let s = base + i * cols + j0;
          let d = base + j0 * rows + i;
          for (let j = j0; j < j1; j++, s++, d += rows) dst[d] = src[s];
        }
      }
    }
  }
}

/** A transposed copy (last two axes swapped) of a float32 tensor, on the wasm heap; the caller disposes it. */
function transposedCopy(backend: BackendWasm, t: tf.TensorInfo): tf.TensorInfo {
  const rank = t.shape.length;
  const rows = t.shape[rank - 2];
  const cols = t.shape[rank - 1];
  const batch = tf.util.sizeFromShape(t.shape) / (rows * cols);
  const out = backend.makeOutput([...t.shape.slice(0, -2), cols, rows], 'float32');
  transposeInto(heapF32(backend, t), heapF32(backend, out), batch, rows, cols);
  return out;
}

/**
 * `BatchMatMul` with `transposeA` or `transposeB` on wasm's fast path: the transposed operand is copied in
 * its transposed layout (a tiled pass on the wasm heap), then the stock kernel multiplies without
 * transposes, which it hands to XNNPACK. Stock wasm 4.22 runs every transposed product as a plain loop
 * (`slow_batch_matmul`): about 25x the time of the untransposed product for the dense-layer gradients of
 * the MNIST AE ([64,1568]ᵀ·[64,32], [64,32]·[1568,32]ᵀ).
 */
export function batchMatMulWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
      if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
        return stock.kernelFunc(args);
      }
      const backend = wasmBackendOf(args.backend, tf.BatchMatMul);
      const made: tf.TensorInfo[] = [];
      try {
        const at = transposeA ? transposedCopy(backend, a) : a;
        if (transposeA) made.push(at);
        const bt = transposeB ? transposedCopy(backend, b) : b;
        if (transposeB) made.push(bt);
        return stock.kernelFunc({ ...args, inputs: { a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      } finally {
        for (const t of made) backend.disposeData(t.dataId);
      }
    },
  };
}
