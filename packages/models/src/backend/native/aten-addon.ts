import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Sizes of a 4-D tensor: activations NHWC, filters HWIO (tfjs layouts). */
export type Shape4 = readonly [number, number, number, number];

/** Where a convolution reads: strides, dilations and explicit padding (top, bottom, left, right). */
export interface AtenConvGeometry {
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
}

/**
 * The native kernels of `packages/models/native/aten-kernels.cc`: libtorch's ATen convolutions and pooling
 * gradients run in place on Float32Array views (of the wasm heap), each writing its result into the output
 * array it is given.
 */
export interface AtenAddon {
  /** `y = activation(x * w + bias)`; activation `linear`, `relu`, `relu6`, `sigmoid` or `leakyrelu` (slope `alpha`); no bias and `linear` is the plain convolution. */
  fusedConv2d(x: Float32Array, xShape: Shape4, w: Float32Array, wShape: Shape4, bias: Float32Array | null, y: Float32Array, yShape: Shape4, g: AtenConvGeometry, activation: string, alpha: number): void;
  conv2dBackpropFilter(x: Float32Array, xShape: Shape4, dy: Float32Array, dyShape: Shape4, dw: Float32Array, wShape: Shape4, g: AtenConvGeometry): void;
  conv2dBackpropInput(dy: Float32Array, dyShape: Shape4, w: Float32Array, wShape: Shape4, dx: Float32Array, xShape: Shape4, g: AtenConvGeometry): void;
  maxPoolGrad(x: Float32Array, xShape: Shape4, dy: Float32Array, dyShape: Shape4, dx: Float32Array, window: readonly [number, number], strides: readonly [number, number], pads: readonly [number, number, number, number]): void;
  /** The gradient of nearest upsampling by whole factors (`dyShape` a multiple of `xShape` in height and width). */
  resizeNearestGrad(dy: Float32Array, dyShape: Shape4, dx: Float32Array, xShape: Shape4): void;
  /** Nearest upsampling by whole factors (`yShape` a multiple of `xShape` in height and width). */
  resizeNearest(x: Float32Array, xShape: Shape4, y: Float32Array, yShape: Shape4): void;
  /** BatchNorm with fixed statistics over `[pixels, channels]`: `y = (x - mean) * scale / sqrt(variance + epsilon) + offset`. */
  batchNormInference(x: Float32Array, shape: readonly [number, number], mean: Float32Array, variance: Float32Array, offset: Float32Array | null, scale: Float32Array | null, y: Float32Array, epsilon: number): void;
  /** BatchNorm in training mode over N, H, W: writes y and the batch's mean and biased variance per channel. */
  batchNormTraining(x: Float32Array, xShape: Shape4, scale: Float32Array, offset: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number): void;
  /** The gradients of {@link AtenAddon.batchNormTraining}'s y (through the batch statistics too). */
  batchNormTrainingGrad(dy: Float32Array, x: Float32Array, xShape: Shape4, scale: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dscale: Float32Array, doffset: Float32Array, epsilon: number): void;
  /** Sets ATen's threads for calls from this thread. */
  setThreads(n: number): void;
  /** ATen's threads for calls from this thread. */
  threads(): number;
  /** `libtorch <version>`. */
  version(): string;
}

/** Outcome of loading the optional native addon. */
export type AtenLoad = { readonly ok: true; readonly addon: AtenAddon } | { readonly ok: false; readonly reason: string };

/** This package's folder (the sources' or the published build's): the nearest folder up with a package.json. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** Where `native/build.mjs` (run by `npm run setup`) puts the addon. */
export function atenAddonPath(): string {
  return join(packageRoot(__dirname), 'native', 'build', 'nln_aten.node');
}

let cached: AtenLoad | undefined;

/**
 * Loads the native ATen kernels once per thread. They are optional: an addon that was not built (no
 * libtorch-dev where setup ran) or does not load is reported as `{ ok: false, reason }`, not thrown.
 */
export function loadAten(): AtenLoad {
  if (cached === undefined) {
    try {
      cached = { ok: true, addon: require(atenAddonPath()) as AtenAddon };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      cached = {
        ok: false,
        reason: e.code === 'MODULE_NOT_FOUND' ? 'native ATen kernels not built (npm run setup builds them where libtorch-dev is installed)' : `native ATen kernels failed to load (${(e.message ?? '').split('\n')[0]})`,
      };
    }
  }
  return cached;
}
