import * as tf from '@tensorflow/tfjs';
import { maxPoolGradWasm } from './MaxPoolGrad';
import { resizeNearestNeighborGradWasm } from './ResizeNearestNeighborGrad';
import { sumWasm } from './Sum';
import { meanWasm } from './Mean';
import { batchMatMulWasm } from './BatchMatMul';
import { identityWasm } from './Identity';
import { castWasm } from './Cast';
import { fusedBatchNormWasm } from './FusedBatchNorm';
import { tileWasm } from './Tile';
import { leakyReluGradientConfig, leakyReluGradWasmConfig, NLN_LEAKY_RELU_GRAD } from './LeakyReluGrad';

/**
 * nln's wasm kernels written on the wasm heap, one kernel per file: each entry makes the replacement from
 * the stock kernel (which it falls back to for dtypes or layouts it does not handle).
 */
export const WASM_HEAP_KERNELS: ReadonlyArray<{ readonly kernelName: string; readonly make: (stock: tf.KernelConfig) => tf.KernelConfig }> = [
  { kernelName: tf.MaxPoolGrad, make: maxPoolGradWasm },
  { kernelName: tf.ResizeNearestNeighborGrad, make: resizeNearestNeighborGradWasm },
  { kernelName: tf.Sum, make: sumWasm },
  { kernelName: tf.Mean, make: meanWasm },
  { kernelName: tf.BatchMatMul, make: batchMatMulWasm },
  { kernelName: tf.Identity, make: identityWasm },
  { kernelName: tf.Cast, make: castWasm },
  { kernelName: tf.FusedBatchNorm, make: fusedBatchNormWasm },
  { kernelName: tf.Tile, make: tileWasm },
];

/** The stock kernels replaced, kept so that a second call does not wrap a replacement in another. */
const stockKernels = new Map<string, tf.KernelConfig>();

/**
 * Registers {@link WASM_HEAP_KERNELS} on the `wasm` backend in place of the kernels registered there (stock,
 * or nln's layout kernels for Sum and Mean, so call after `registerWasmLayoutKernels`), and nln's LeakyRelu
 * gradient (one wasm pass; tfjs' own formula on other backends, see `LeakyReluGrad.ts`). Call after
 * `@tensorflow/tfjs-backend-wasm` is loaded; calling it again does nothing.
 */
export function registerWasmHeapKernels(): void {
  for (const { kernelName, make } of WASM_HEAP_KERNELS) {
    if (stockKernels.has(kernelName)) continue;
    const stock = tf.getKernel(kernelName, 'wasm');
    if (stock == null) throw new Error(`wasm backend has no ${kernelName} kernel: is @tensorflow/tfjs-backend-wasm loaded?`);
    stockKernels.set(kernelName, stock);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(make(stock));
  }
  if (tf.getKernel(NLN_LEAKY_RELU_GRAD, 'wasm') == null) {
    tf.registerKernel(leakyReluGradWasmConfig);
    tf.registerGradient(leakyReluGradientConfig);
  }
}
