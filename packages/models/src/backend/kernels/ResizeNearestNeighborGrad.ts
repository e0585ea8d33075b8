import * as tf from '@tensorflow/tfjs';
import { nearestSourceIndex } from '../cpu-resize-grad';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/**
 * `ResizeNearestNeighborGrad` (the gradient of `UpSampling2D`) on the wasm heap in one pass: every output
 * gradient value is added to the input pixel it was copied from, with the source rows and columns computed
 * once per call by the forward kernels' rule ({@link nearestSourceIndex}). Stock wasm took about 15 ms for
 * the two calls of an MNIST AE training step at batch 64.
 */
export function resizeNearestNeighborGradWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.ResizeNearestNeighborGrad,
    backendName: 'wasm',
    setupFunc: stock.setupFunc, // the fallback needs the stock kernel's wasm bindings
    kernelFunc: (args) => {
      const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
      if (dy.dtype !== 'float32' || images.shape.length !== 4 || dy.shape.length !== 4) return stock.kernelFunc(args);
      const { alignCorners, halfPixelCenters } = args.attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
      const mode = { alignCorners: Boolean(alignCorners), halfPixelCenters: Boolean(halfPixelCenters) };
      const [batch, inHeight, inWidth, depth] = images.shape;
      const [dyBatch, outHeight, outWidth, dyDepth] = dy.shape;
      if (dyBatch !== batch || dyDepth !== depth) {
        throw new Error(`ResizeNearestNeighborGrad: dy shape [${dy.shape.join(',')}] does not match images [${images.shape.join(',')}]`);
      }
      const backend = wasmBackendOf(args.backend, tf.ResizeNearestNeighborGrad);
      const sy = outHeight / inHeight;
      const sx = outWidth / inWidth;
      const plainUpsampling = !mode.alignCorners && !mode.halfPixelCenters && Number.isInteger(sy) && Number.isInteger(sx);
      const out = makeF32Output(backend, [...images.shape], !plainUpsampling);
      const dx = heapF32(backend, out);
      const g = heapF32(backend, dy);
      if (plainUpsampling) {
        // UpSampling2D by integer factors: each input pixel's gradient is the sum of its sy x sx block,
        // written once (no zero fill, no read-modify-write).
        const dyRow = outWidth * depth;
        let o = 0;
        for (let b = 0; b < batch; b++) {
          for (let i = 0; i < inHeight; i++) {
            const rowBase = (b * outHeight + i * sy) * dyRow;
            for (let j = 0; j < inWidth; j++) {
              const base = rowBase + j * sx * depth;
              for (let ch = 0; ch < depth; ch++) {
                let s = 0;
                for (let u = 0, r = base + ch; u < sy; u++, r += dyRow) for (let v = 0, q = r; v < sx; v++, q += depth) s += g[q];
                dx[o++] = s;
              }
            }
          }
        }
        return out;
      }
      const rowOffset = Int32Array.from({ length: outHeight }, (_, y) => nearestSourceIndex(y, inHeight, outHeight, mode) * inWidth * depth);
      const colOffset = Int32Array.from({ length: outWidth }, (_, x) => nearestSourceIndex(x, inWidth, outWidth, mode) * depth);
      const imageSize = inHeight * inWidth * depth;
      let gi = 0;
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < outHeight; y++) {
          const rowBase = b * imageSize + rowOffset[y];
          for (let x = 0; x < outWidth; x++) {
            const base = rowBase + colOffset[x];
            for (let ch = 0; ch < depth; ch++) dx[base + ch] += g[gi++];
          }
        }
      }
      return out;
    },
  };
}
