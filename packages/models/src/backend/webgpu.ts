import * as tf from '@tensorflow/tfjs';
import { dawn, probeWebgpu, type DawnGpu, type WebgpuInfo } from './dawn';

export { probeWebgpu, type WebgpuInfo, type WebgpuProbe } from './dawn';

let backendModuleLoaded = false;

/** Options of {@link initWebgpu}. */
export interface WebgpuInitOptions {
  /** Accept a software/fallback adapter (only when the user forced webgpu: it is slower than wasm). */
  readonly allowFallbackAdapter: boolean;
  /** Told why webgpu was not set up whenever {@link initWebgpu} returns null. */
  readonly onUnavailable?: (reason: string) => void;
}

/** Exposes Dawn as `navigator.gpu`, which `@tensorflow/tfjs-backend-webgpu` looks for when it loads. */
function installNavigatorGpu(gpu: DawnGpu): void {
  const global = globalThis as { navigator?: object };
  if (global.navigator !== undefined && global.navigator !== null) {
    Object.defineProperty(global.navigator, 'gpu', { value: gpu, configurable: true, enumerable: true, writable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, enumerable: true, writable: true });
  }
}

/**
 * Sets up tfjs's WebGPU backend on Dawn and makes it the active backend (`tf.setBackend('webgpu')`).
 *
 * Returns null, after telling `onUnavailable` why, when there is no adapter, when the only adapter is a
 * software one and `allowFallbackAdapter` is false, or when tfjs fails to start the backend; the
 * active backend is then left as it was. Calling it again after success is cheap.
 *
 * Tensors on this backend cannot be read synchronously in Node (`dataSync`, `arraySync` and `print`
 * throw): read them with `await t.data()` or `await t.array()`.
 */
export async function initWebgpu(options: WebgpuInitOptions): Promise<WebgpuInfo | null> {
  const unavailable = (reason: string): null => {
    options.onUnavailable?.(reason);
    return null;
  };
  const probe = await probeWebgpu();
  if (!probe.available) return unavailable(probe.reason);
  if (probe.info.isFallbackAdapter && !options.allowFallbackAdapter) {
    return unavailable(
      `the only WebGPU adapter is a software one (${probe.info.name}), slower than wasm; it is used only when webgpu is forced`,
    );
  }
  if (!backendModuleLoaded) {
    installNavigatorGpu(dawn());
    // Required at run time, not imported: the module registers 'webgpu' only if navigator.gpu exists when it loads.
    require('@tensorflow/tfjs-backend-webgpu');
    backendModuleLoaded = true;
  }
  if (tf.findBackendFactory('webgpu') === null) {
    return unavailable(
      '@tensorflow/tfjs-backend-webgpu was loaded before navigator.gpu existed, so it did not register; load it only through initWebgpu',
    );
  }
  if (!(await tf.setBackend('webgpu'))) {
    return unavailable(`tfjs could not start its webgpu backend on ${probe.info.name} (its warning above says why)`);
  }
  await tf.ready();
  return probe.info;
}

/** One line naming the adapter, for the startup line, e.g. `webgpu on llvmpipe: Mesa 25.0.7 (mesa, software; fallback adapter)`. */
export function formatWebgpuInfo(info: WebgpuInfo): string {
  const details = [info.vendor, info.architecture].filter((part) => part !== '').join(', ');
  const suffix = [details, info.isFallbackAdapter ? 'fallback adapter' : ''].filter((part) => part !== '').join('; ');
  return `webgpu on ${info.name}${suffix === '' ? '' : ` (${suffix})`}`;
}
