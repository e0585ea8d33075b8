import * as tf from '@tensorflow/tfjs';
import { wasmBackendOf } from './wasm-heap';

/**
 * `Identity` sharing the input's buffer (a reference count, as the cpu backend and wasm's own `Reshape`
 * do) instead of stock wasm's copy: tfjs runs it about 180 times in an MNIST AE training step (gradient
 * pass-throughs, `tf.clone`, variable reads), each a full copy on stock wasm. Strings go to the stock kernel.
 */
export function identityWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if (x.dtype === 'string') return stock.kernelFunc(args);
      wasmBackendOf(args.backend, tf.Identity).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
