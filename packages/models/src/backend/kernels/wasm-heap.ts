import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Access to the wasm backend's memory for kernels written in TypeScript: a tensor's values are a
 * `Float32Array` view of the wasm heap at the tensor's `memoryOffset`, so a kernel can read its inputs and
 * write its output in place, with no copy in or out.
 *
 * Views must be taken *after* every allocation of the kernel (`makeOutput` can grow the wasm memory, which
 * replaces the heap's ArrayBuffer and detaches older views).
 */
export function wasmBackendOf(backend: unknown, kernel: string): BackendWasm {
  const b = backend as Partial<BackendWasm>;
  if (b.dataIdMap == null || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error(`${kernel}: this kernel runs on the wasm backend only`);
  }
  return b as BackendWasm;
}

/** The float32 values of a tensor on the wasm heap (a view, not a copy). */
export function heapF32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A new float32 output tensor on the wasm heap; `zero` clears it (malloc'd memory holds old values). */
export function makeF32Output(backend: BackendWasm, shape: number[], zero: boolean): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  if (zero) heapF32(backend, out).fill(0);
  return out;
}

/** How many tensors share this tensor's buffer (tfjs shares buffers between reshapes, clones, variables). */
export function bufferRefCount(backend: BackendWasm, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).refCount;
}
