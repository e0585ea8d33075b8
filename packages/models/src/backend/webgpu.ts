import * as tf from '@tensorflow/tfjs';
import { loadDawn, type DawnAdapter, type DawnGpu } from './dawn';

/** The WebGPU adapter tfjs runs on, as Dawn reports it. */
export interface WebgpuInfo {
  /** Human-readable adapter name, e.g. `NVIDIA H100 80GB HBM3` or `llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)`. */
  readonly name: string;
  /** Vendor, e.g. `nvidia`, `mesa` (may be empty). */
  readonly vendor: string;
  /** Architecture, e.g. `hopper`, `software` (may be empty). */
  readonly architecture: string;
  /** True for a software (CPU-emulated) adapter such as llvmpipe or SwiftShader: slower than wasm. */
  readonly isFallbackAdapter: boolean;
}

/** What {@link probeWebgpu} found: an adapter, or the reason there is none. */
export type WebgpuProbe = { readonly available: true; readonly info: WebgpuInfo } | { readonly available: false; readonly reason: string };

/** Options of {@link initWebgpu}. */
export interface WebgpuInitOptions {
  /** Accept a software/fallback adapter (only when the user forced webgpu: it is slower than wasm). */
  readonly allowFallbackAdapter: boolean;
  /** Told why webgpu was not set up whenever {@link initWebgpu} returns null. */
  readonly onUnavailable?: (reason: string) => void;
}

/** Hint printed when Dawn finds no adapter at all. */
const NO_ADAPTER_HINT =
  'Dawn found no Vulkan/Metal/D3D12 adapter (a GPU driver with Vulkan support is needed; on Debian 12 a software ' +
  'adapter comes from mesa-vulkan-drivers and libvulkan1 in bookworm-backports)';

let dawnGpu: DawnGpu | undefined;
let backendModuleLoaded = false;

/** One Dawn instance per process, with the WebGPU globals (`GPUBufferUsage`, ...) tfjs expects. */
function dawn(): DawnGpu {
  if (dawnGpu === undefined) {
    const binding = loadDawn();
    const global = globalThis as Record<string, unknown>;
    for (const [name, value] of Object.entries(binding.globals)) {
      if (!(name in global)) global[name] = value;
    }
    dawnGpu = binding.create([]);
  }
  return dawnGpu;
}

/** Reads Dawn's adapter description into a {@link WebgpuInfo}. */
function describeAdapter(adapter: DawnAdapter): WebgpuInfo {
  const info = adapter.info;
  return {
    name: info.description || info.device || `${info.vendor} ${info.architecture}`.trim() || 'unnamed adapter',
    vendor: info.vendor,
    architecture: info.architecture,
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

/**
 * Reports whether a WebGPU adapter exists (the one tfjs would take: `powerPreference: 'high-performance'`),
 * without importing the tfjs backend or switching backends.
 */
export async function probeWebgpu(): Promise<WebgpuProbe> {
  let gpu: DawnGpu;
  try {
    gpu = dawn();
  } catch (error) {
    return { available: false, reason: `cannot load Dawn: ${(error as Error).message}` };
  }
  let adapter: DawnAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { available: false, reason: `Dawn failed to look for an adapter: ${(error as Error).message}` };
  }
  if (adapter === null) return { available: false, reason: NO_ADAPTER_HINT };
  return { available: true, info: describeAdapter(adapter) };
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
