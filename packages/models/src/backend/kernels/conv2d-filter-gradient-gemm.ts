import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from '../conv-geometry';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/** Largest kh·kw·Ci for which {@link filterGradientByGemm} is used (its patch matrix is that many rows). */
export const GEMM_FILTER_GRADIENT_MAX_ROWS = 64;

/**
 * The transposed patch matrix Pᵀ of a convolution's input on the wasm heap: row (a·kw + b)·Ci + ci, column
 * (n·Ho + i)·Wo + j holds x[n, i·sh + a - padTop, j·sw + b - padLeft, ci] (zero outside the image).
 */
export function transposedPatches(backendArg: unknown, x: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const backend = wasmBackendOf(backendArg, 'Conv2DBackpropFilter');
  const [n, h, w, ci] = g.inShape;
  const [, ho, wo] = g.outShape;
  const [kh, kw] = g.filterShape;
  const [sh, sw] = g.strides;
  const m = n * ho * wo;
  const out = makeF32Output(backend, [kh * kw * ci, m], false);
  const p = heapF32(backend, out);
  const v = heapF32(backend, x);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let c = 0; c < ci; c++) {
        let o = ((a * kw + b) * ci + c) * m;
        for (let img = 0; img < n; img++) {
          for (let i = 0; i < ho; i++) {
            const y = i * sh + a - g.pad.top;
            if (y < 0 || y >= h) {
              p.fill(0, o, o + wo);
              o += wo;
              continue;
            }
            const rowBase = ((img * h + y) * w) * ci + c;
            for (let j = 0; j < wo; j++) {
              const xx = j * sw + b - g.pad.left;
              p[o++] = xx < 0 || xx >= w ? 0 : v[rowBase + xx * ci];
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * The filter gradient of a 2-D NHWC convolution as one matrix product, dW = Pᵀ·dy with Pᵀ the transposed
 * patch matrix ({@link transposedPatches}, kh·kw·Ci rows) and dy as `[N·Ho·Wo, Co]`, for filters with few
 * taps times input channels (the MNIST AE's 1-channel first layer and 1-channel last layer). XNNPACK then
 * streams Pᵀ against the packed dy; the general conv formulation for these layers convolved with a
 * 28x28x64 (or 64x64x8) "filter" made of dy, packed on every call.
 */
export function filterGradientByGemm(backend: unknown, x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [n, , , ci] = g.inShape;
  const [, ho, wo, co] = g.outShape;
  const [kh, kw] = g.filterShape;
  return tf.tidy(() => {
    const pt = tf.engine().makeTensorFromTensorInfo(transposedPatches(backend, x, g)) as tf.Tensor2D;
    const dw = tf.matMul(pt, tf.reshape(dy, [n * ho * wo, co]));
    return tf.reshape(dw, [kh, kw, ci, co]) as tf.Tensor4D;
  });
}
