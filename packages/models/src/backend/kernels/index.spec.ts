import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { registerWasmHeapKernels, WASM_HEAP_KERNELS } from './index';

describe('registerWasmHeapKernels', () => {
  it('replaces each listed wasm kernel once; a second call changes nothing', async () => {
    await setWasmBackend(); // registers them
    const first = WASM_HEAP_KERNELS.map(({ kernelName }) => tf.getKernel(kernelName, 'wasm'));
    registerWasmHeapKernels();
    const second = WASM_HEAP_KERNELS.map(({ kernelName }) => tf.getKernel(kernelName, 'wasm'));
    second.forEach((k, i) => expect(k).toBe(first[i]));
    for (const [i, { kernelName }] of WASM_HEAP_KERNELS.entries()) expect(first[i]?.kernelName).toBe(kernelName);
  });
});
