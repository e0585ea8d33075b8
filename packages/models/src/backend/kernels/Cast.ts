import * as tf from '@tensorflow/tfjs';
import { wasmBackendOf } from './wasm-heap';

/**
 * `Cast` to the dtype the tensor already has shares its buffer (as `Identity` does) instead of stock
 * wasm's copy; real conversions go to the stock kernel.
 */
export function castWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelName: tf.Cast,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { dtype } = args.attrs as unknown as tf.CastAttrs;
      if (x.dtype !== dtype || x.dtype === 'string') return stock.kernelFunc(args);
      wasmBackendOf(args.backend, tf.Cast).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
