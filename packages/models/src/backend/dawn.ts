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
