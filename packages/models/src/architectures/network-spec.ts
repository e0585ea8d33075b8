import type { ImageShape } from '@nln/datasets';

/**
 * Which layer stack builds the encoder and decoder:
 * - `small`: the reference's net for 28x28x1 and 32x32x3 (conv 2x2, max-pool, batch norm, dense
 *   bottleneck), usable for any height and width divisible by 4;
 * - `mvtec`: the Bergmann et al. net for square MVTec patches of width 32, 64, 128 or 256
 *   (LeakyReLU(0.2), no batch norm, an 8x8 valid convolution to a 1x1xL code).
 */
export type ArchitectureName = 'small' | 'mvtec';

/** What every builder needs: the image shape, the latent size and the layer stack. */
export interface NetworkSpec {
  /** Shape of one input image `[H, W, C]`. */
  readonly inputShape: ImageShape;
  /** Latent size L. */
  readonly latentDim: number;
  /** Layer stack. */
  readonly architecture: ArchitectureName;
}

const MVTEC_WIDTHS = [32, 64, 128, 256];

/**
 * The reference's choice of layer stack for an image shape: `mvtec` for square images of width
 * 64, 128 or 256, `small` otherwise.
 */
export function defaultArchitecture(inputShape: ImageShape): ArchitectureName {
  const [h, w] = inputShape;
  return h === w && w >= 64 && MVTEC_WIDTHS.includes(w) ? 'mvtec' : 'small';
}

/** Throws a clear error if `spec` cannot be built (bad shape for the architecture, bad latent size). */
export function validateNetworkSpec(spec: NetworkSpec): void {
  const { inputShape, latentDim, architecture } = spec;
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`inputShape must be three positive integers [H, W, C], got [${inputShape.join(', ')}]`);
  }
  if (!Number.isInteger(latentDim) || latentDim <= 0) {
    throw new Error(`latentDim must be a positive integer, got ${latentDim}`);
  }
  const [h, w] = inputShape;
  if (architecture === 'small') {
    if (h % 4 !== 0 || w % 4 !== 0) {
      throw new Error(`the small architecture needs height and width divisible by 4, got ${h}x${w}`);
    }
  } else if (architecture === 'mvtec') {
    if (h !== w || !MVTEC_WIDTHS.includes(w)) {
      throw new Error(`the mvtec architecture needs square images of width ${MVTEC_WIDTHS.join(', ')}, got ${h}x${w}`);
    }
  } else {
    throw new Error(`unknown architecture '${String(architecture)}' (expected 'small' or 'mvtec')`);
  }
}
