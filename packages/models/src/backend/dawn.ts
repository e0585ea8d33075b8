import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The part of `GPUAdapterInfo` this package reads. */
export interface DawnAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** Newer Dawn builds report this here rather than on the adapter. */
  readonly isFallbackAdapter?: boolean;
}

/** The part of `GPUAdapter` this package reads. */
export interface DawnAdapter {
  readonly info: DawnAdapterInfo;
  /** Older Dawn builds report this on the adapter. */
  readonly isFallbackAdapter?: boolean;
}

/** The part of `navigator.gpu` this package calls. */
export interface DawnGpu {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<DawnAdapter | null>;
}

/** Dawn's Node binding: a factory for `navigator.gpu` and the WebGPU globals (`GPUBufferUsage`, ...). */
export interface DawnBinding {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

/**
 * Loads Dawn's native Node binding from the npm package `webgpu`.
 *
 * That package's entry is an ES module, which this CommonJS workspace cannot `require` on Node 20
 * and which jest cannot `import()` without `--experimental-vm-modules`. Its entry only picks the
 * prebuilt `dist/<platform>-<arch>/dawn.node` and requires it, so this does the same directly.
 *
 * @throws Error naming the missing file when the package or the binary for this platform is absent.
 */
export function loadDawn(): DawnBinding {
  let packageJson: string;
  try {
    packageJson = require.resolve('webgpu/package.json');
  } catch (cause) {
    throw new Error('WebGPU: the npm package "webgpu" (Dawn) is not installed', { cause });
  }
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  const binary = join(dirname(packageJson), 'dist', `${process.platform}-${arch}`, 'dawn.node');
  if (!existsSync(binary)) {
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
    throw new Error(`WebGPU: webgpu@${version} ships no Dawn binary for ${process.platform}-${arch} (looked for ${binary})`);
  }
  return require(binary) as DawnBinding;
}

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

/** Hint printed when Dawn finds no adapter at all. */
const NO_ADAPTER_HINT =
  'Dawn found no Vulkan/Metal/D3D12 adapter (a GPU driver with Vulkan support is needed; on Debian 12 a software ' +
  'adapter comes from mesa-vulkan-drivers and libvulkan1 in bookworm-backports)';

let dawnGpu: DawnGpu | undefined;

/** One Dawn instance per process, with the WebGPU globals (`GPUBufferUsage`, ...) tfjs expects. */
export function dawn(): DawnGpu {
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

