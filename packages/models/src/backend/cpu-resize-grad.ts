import * as tf from '@tensorflow/tfjs';

/** Layout attributes of `tf.image.resizeNearestNeighbor`, which decide where each output pixel is read from. */
export interface NearestResizeMode {
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;
}

/**
 * Index of the input row (or column) that nearest-neighbour resizing copies into output row `out`,
 * for an axis resized from `inSize` to `outSize` (the mapping of tfjs's forward kernels).
 */
export function nearestSourceIndex(out: number, inSize: number, outSize: number, mode: NearestResizeMode): number {
  const corners = mode.alignCorners && outSize > 1;
  const ratio = (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
  const fraction = mode.halfPixelCenters ? ratio * (out + 0.5) : ratio * out;
  const nearest = Math.min(inSize - 1, mode.alignCorners ? Math.round(fraction) : Math.floor(fraction));
  return mode.halfPixelCenters ? Math.max(0, nearest) : nearest;
}

/**
 * Gradient of nearest-neighbour resizing: each output-gradient value `dy[b, y, x, c]` (NHWC, shape
 * `dyShape`) is added to the input pixel that output pixel was copied from, giving `dx` of shape
 * `imagesShape`. For an integer upscale s this sums dy over each s×s block.
 */
export function resizeNearestNeighborGradValues(
  dy: ArrayLike<number>,
  dyShape: readonly [number, number, number, number],
  imagesShape: readonly [number, number, number, number],
  mode: NearestResizeMode,
): Float32Array {
  const [batch, inHeight, inWidth, depth] = imagesShape;
  const [dyBatch, outHeight, outWidth, dyDepth] = dyShape;
  if (dyBatch !== batch || dyDepth !== depth) {
    throw new Error(`ResizeNearestNeighborGrad: dy shape [${dyShape.join(',')}] does not match images [${imagesShape.join(',')}]`);
  }
  const sourceRow = Array.from({ length: outHeight }, (_, y) => nearestSourceIndex(y, inHeight, outHeight, mode));
  const sourceCol = Array.from({ length: outWidth }, (_, x) => nearestSourceIndex(x, inWidth, outWidth, mode));
  const dx = new Float32Array(batch * inHeight * inWidth * depth);
  let dyIndex = 0;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < outHeight; y++) {
      const rowStart = (b * inHeight + sourceRow[y]) * inWidth;
      for (let x = 0; x < outWidth; x++) {
        const dxIndex = (rowStart + sourceCol[x]) * depth;
        for (let c = 0; c < depth; c++) dx[dxIndex + c] += dy[dyIndex++];
      }
    }
  }
  return dx;
}

const kernelName = 'ResizeNearestNeighborGrad';

/** The corrected kernel, in tfjs's kernel-function form. */
const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
  const { alignCorners, halfPixelCenters } = attrs as unknown as NearestResizeMode;
  const kernelBackend = backend as tf.KernelBackend;
  const values = resizeNearestNeighborGradValues(
    kernelBackend.readSync(dy.dataId) as Float32Array,
    dy.shape as [number, number, number, number],
    images.shape as [number, number, number, number],
    { alignCorners: Boolean(alignCorners), halfPixelCenters: Boolean(halfPixelCenters) },
  );
  return { dataId: kernelBackend.write(values, images.shape, 'float32'), shape: images.shape, dtype: 'float32' };
};

/**
 * Replaces the `cpu` backend's `ResizeNearestNeighborGrad` kernel (the gradient of `UpSampling2D`):
 * tfjs 4.22's own one offsets dy by the images' batch stride, so its results are wrong for batch > 1.
 * Call it before training on `cpu`; calling it again does nothing.
 */
export function registerCpuResizeNearestNeighborGrad(): void {
  if (tf.getKernel(kernelName, 'cpu')?.kernelFunc === kernelFunc) return;
  if (tf.getKernel(kernelName, 'cpu') !== undefined) tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
}
