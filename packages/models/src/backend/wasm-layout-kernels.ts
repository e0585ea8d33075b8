import * as tf from '@tensorflow/tfjs';
import { withTensors } from './kernel-inputs';

/**
 * Collapses a reduction to the fewest axes: size-1 axes are dropped and neighbouring axes that are all
 * reduced (or all kept) are merged. Returns null when nothing would change.
 *
 * Example: shape [128,28,28,32] reducing [0,1,2] becomes shape [100352,32] reducing [0].
 */
export function collapseReduction(shape: readonly number[], axes: readonly number[]): { shape: number[]; axes: number[] } | null {
  const reduced = new Set(axes);
  const outShape: number[] = [];
  const outAxes: number[] = [];
  let lastKind: boolean | undefined;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const kind = reduced.has(i);
    if (kind === lastKind) outShape[outShape.length - 1] *= shape[i];
    else {
      outShape.push(shape[i]);
      if (kind) outAxes.push(outShape.length - 1);
      lastKind = kind;
    }
  }
  const same = outShape.length === shape.length && outAxes.length === axes.length;
  return same ? null : { shape: outShape, axes: outAxes };
}

/** True when the collapsed reduction is over the leading axis of `[R, K]` or the middle axis of `[A, R, B]`. */
function isGemmReduction(shape: readonly number[], axes: readonly number[]): boolean {
  return axes.length === 1 && ((shape.length === 2 && axes[0] === 0) || (shape.length === 3 && axes[0] === 1));
}

/**
 * Wraps a stock wasm reduction (`Sum`, `Mean`) to run on the collapsed shape (see {@link collapseReduction}),
 * reducing a leading or middle axis as xᵀ·1, a matrix product with a column of ones. Stock wasm transposes
 * the reduced axes to the end first, and that transpose dominates: summing a [128,28,28,32] gradient over
 * its first three axes, as every BatchNorm and bias gradient does, took about 35 ms of CPU stock and 7 ms
 * as xᵀ·1 (1·x is no better than stock: XNNPACK repacks x as the weights on every call). Other dtypes
 * and patterns go to the stock kernel.
 */
function collapsedReduction(stock: tf.KernelConfig, mean: boolean): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
      if (x.dtype !== 'float32' || x.shape.length === 0) return stock.kernelFunc(args);
      const axes = tf.util.parseAxisParam(axis, x.shape);
      if (axes.length === 0) return stock.kernelFunc(args);
      const collapsed = collapseReduction(x.shape, axes);
      const { shape, axes: cAxes } = collapsed ?? { shape: [...x.shape], axes };
      const gemm = isGemmReduction(shape, cAxes);
      if (collapsed == null && !gemm) return stock.kernelFunc(args);
      const outShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d)).filter((_, i) => keepDims || !axes.includes(i));
      return withTensors([x], ([t]) =>
        tf.tidy(() => {
          const c = tf.reshape(t, shape);
          let r: tf.Tensor;
          if (cAxes.length === 0) r = c; // every reduced axis has size 1
          else if (gemm) {
            const [a, n, b] = shape.length === 2 ? [1, shape[0], shape[1]] : shape;
            r = tf.matMul(tf.reshape(c, [a, n, b]), tf.ones([a, n, 1]), true); // [a, b, 1]
            if (mean) r = tf.div(r, n);
          } else r = mean ? tf.mean(c, cAxes) : tf.sum(c, cAxes);
          return tf.reshape(r, outShape);
        }),
      );
    },
  };
}

/**
 * `Tile` as a broadcast: stock wasm tiles element by element (about 1 s to tile [1,1,1,32] to
 * [128,28,28,32], which tfjs' BatchNorm gradient does), while a broadcast add runs at memory speed. Falls
 * back to the stock kernel for tiles of axes longer than 1 (they need interleaving) and non-float dtypes.
 */
function broadcastTile(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { reps } = args.attrs as unknown as { reps: number[] };
      const simple = x.dtype === 'float32' && reps.every((r, i) => r === 1 || x.shape[i] === 1);
      if (!simple || reps.every((r) => r === 1)) return stock.kernelFunc(args);
      const outShape = x.shape.map((d, i) => d * reps[i]);
      return withTensors([x], ([t]) => tf.tidy(() => tf.add(t, tf.zeros(outShape))));
    },
  };
}

const registered = new Set<string>();

/**
 * Replaces the wasm `Sum`, `Mean` and `Tile` kernels with the layout-aware versions above (same results,
 * far less time in training steps with BatchNorm). Safe to call twice.
 */
export function registerWasmLayoutKernels(): void {
  const backend = 'wasm';
  if (registered.has(backend)) return;
  const wrap = (name: string, make: (stock: tf.KernelConfig) => tf.KernelConfig): void => {
    const stock = tf.getKernel(name, backend);
    if (stock == null) throw new Error(`wasm backend has no ${name} kernel: is @tensorflow/tfjs-backend-wasm loaded?`);
    tf.unregisterKernel(name, backend);
    tf.registerKernel(make(stock));
  };
  wrap(tf.Sum, (s) => collapsedReduction(s, false));
  wrap(tf.Mean, (s) => collapsedReduction(s, true));
  wrap(tf.Tile, broadcastTile);
  registered.add(backend);
}
