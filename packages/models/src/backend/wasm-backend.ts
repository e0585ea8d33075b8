import * as tf from '@tensorflow/tfjs';
import { dirname, sep } from 'node:path';
import { registerWasmConvKernels } from './wasm-conv-kernels';
import { registerWasmLayoutKernels } from './wasm-layout-kernels';
import { registerWasmHeapKernels } from './kernels';

/** What the wasm backend runs with. */
export interface WasmFeatures {
  /** WebAssembly SIMD in use (Node enables it where the CPU has it). */
  readonly simd: boolean;
  /** Threads in use (1 in Node: it has no SharedArrayBuffer workers for tfjs). */
  readonly threads: number;
}

/**
 * Loads `@tensorflow/tfjs-backend-wasm` on this process's tfjs, points it at the `.wasm` binaries in the
 * package's `dist` folder (Node cannot fetch them by URL), registers nln's conv and layout kernels and makes `wasm` the
 * active backend.
 *
 * @throws Error naming the package when it is not installed, or saying why the backend failed to start.
 */
export async function setWasmBackend(): Promise<WasmFeatures> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  let entry: string;
  try {
    entry = require.resolve('@tensorflow/tfjs-backend-wasm');
    wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  } catch (cause) {
    throw new Error('backend wasm needs the npm package @tensorflow/tfjs-backend-wasm, which could not be loaded', { cause });
  }
  if (tf.findBackendFactory('wasm') == null) {
    throw new Error('@tensorflow/tfjs-backend-wasm registered on a different copy of @tensorflow/tfjs-core than @tensorflow/tfjs uses; dedupe the install');
  }
  // setWasmPaths must precede the backend's first initialisation; a later call is ignored by tfjs.
  if (tf.findBackend('wasm') == null) wasm.setWasmPaths(dirname(entry) + sep);
  registerWasmConvKernels();
  registerWasmLayoutKernels();
  registerWasmHeapKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start the wasm backend (its warning above says why)');
  await tf.ready();
  return {
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? Math.max(1, wasm.getThreadsCount()) : 1,
  };
}
