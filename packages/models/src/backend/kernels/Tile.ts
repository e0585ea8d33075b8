import * as tf from '@tensorflow/tfjs';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/**
 * `Tile` of a float32 tensor whose tiled axes all come before its non-trivial ones (x = [1,..,1, rest],
 * reps = [r.., 1..]: what tfjs' BatchNorm gradient tiles, [1,1,1,32] to [64,28,28,32]) as repeated copies
 * of x on the wasm heap: x is written once, then the filled prefix is doubled with `copyWithin` (memory
 * copies) until the output is full. Other tiles go to the kernel this replaces.
 */
export function tileWasm(fallback: tf.KernelConfig): tf.KernelConfig {
  return {
    ...fallback,
    kernelName: tf.Tile,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { reps } = args.attrs as unknown as { reps: number[] };
      if (x.dtype !== 'float32' || reps.length !== x.shape.length) return fallback.kernelFunc(args);
      const firstData = x.shape.findIndex((d) => d !== 1);
      const lastTiled = reps.reduce((last, r, i) => (r !== 1 ? i : last), -1);
      if (lastTiled < 0 || (firstData >= 0 && lastTiled >= firstData)) return fallback.kernelFunc(args);
      const backend = wasmBackendOf(args.backend, tf.Tile);
      const out = makeF32Output(backend, x.shape.map((d, i) => d * reps[i]), false);
      const y = heapF32(backend, out);
      const v = heapF32(backend, x);
      y.set(v);
      for (let filled = v.length; filled < y.length; filled *= 2) y.copyWithin(filled, 0, Math.min(filled, y.length - filled));
      return out;
    },
  };
}
