import { allocateLike, drawIndex, type PixelArray, type Raster, type UniformRandom } from './raster';

/** Turns `k` (any integer) into the equivalent number of quarter turns in 0..3. */
function quarterTurns(k: number): number {
  if (!Number.isInteger(k)) throw new RangeError(`rot90: k must be an integer, got ${k}`);
  return ((k % 4) + 4) % 4;
}

/**
 * Writes `src` (an `height x width x channels` HWC image at `srcOffset`) rotated by `k` quarter turns
 * counter-clockwise into `out` at `outOffset`. The result is `width x height` for odd `k`.
 */
export function rot90Into(
  src: PixelArray,
  srcOffset: number,
  height: number,
  width: number,
  channels: number,
  k: number,
  out: PixelArray,
  outOffset: number,
): void {
  const turns = quarterTurns(k);
  const outWidth = turns % 2 === 0 ? width : height;
  const outHeight = turns % 2 === 0 ? height : width;
  for (let i = 0; i < outHeight; i++) {
    for (let j = 0; j < outWidth; j++) {
      // Source pixel (y, x) of output pixel (i, j), as numpy's rot90 on the first two axes.
      let y: number;
      let x: number;
      if (turns === 0) {
        y = i;
        x = j;
      } else if (turns === 1) {
        y = j;
        x = width - 1 - i;
      } else if (turns === 2) {
        y = height - 1 - i;
        x = width - 1 - j;
      } else {
        y = height - 1 - j;
        x = i;
      }
      const s = srcOffset + (y * width + x) * channels;
      const d = outOffset + (i * outWidth + j) * channels;
      for (let c = 0; c < channels; c++) out[d + c] = src[s + c];
    }
  }
}

/**
 * The raster rotated by `k` quarter turns counter-clockwise (`np.rot90(x, k)` / `tf.image.rot90(x, k)`);
 * `k` may be negative or above 3. Non-square rasters swap width and height for odd `k`.
 */
export function rot90<T extends PixelArray>(image: Raster<T>, k: number): Raster<T> {
  const turns = quarterTurns(k);
  const out = allocateLike(image.data, image.data.length);
  rot90Into(image.data, 0, image.height, image.width, image.channels, turns, out, 0);
  const swap = turns % 2 === 1;
  return {
    data: out,
    width: swap ? image.height : image.width,
    height: swap ? image.width : image.height,
    channels: image.channels,
  };
}

/**
 * How {@link rotationAugment} draws each sample's copy:
 * - `'reference'`: k uniform in {0, 1, 2, 3, 4} and a fair coin; the copy is rot90^k on heads, the
 *   unchanged sample on tails. About 70% of copies are then exact duplicates of their original.
 * - `'always-rotate'`: k uniform in {1, 2, 3}, no coin, so every copy is a genuine quarter, half or
 *   three-quarter turn (one draw per sample). A rotationally symmetric sample can still equal its copy.
 */
export type RotationMode = 'reference' | 'always-rotate';

/**
 * Draws one copy's quarter turns as {@link RotationMode} says: `'reference'` draws k in {0..4}, then the
 * coin (heads: `k % 4`, tails: 0); `'always-rotate'` draws k in {1, 2, 3}.
 */
export function drawTurns(random: UniformRandom, mode: RotationMode): number {
  if (mode === 'always-rotate') return 1 + drawIndex(random, 3);
  const drawn = drawIndex(random, 5);
  const heads = drawIndex(random, 2) === 0;
  return heads ? drawn % 4 : 0;
}

/** Samples followed by one rotated (or, in the reference mode, possibly unchanged) copy of each. */
export interface RotatedSet<T extends PixelArray = PixelArray> {
  /** `2 * n` samples, NHWC: the `n` originals unchanged, then the `n` copies in the same order. */
  readonly data: T;
  /** Number of samples in `data` (`2 * n`). */
  readonly count: number;
  /** Quarter turns applied to copy `i` (sample `n + i`); 0 for an unchanged copy. */
  readonly turns: Uint8Array;
}

/**
 * The reference's rotation augmentation on a batch of square `size x size x channels` samples (NHWC in
 * `samples`): for every sample, draw a rotation (see {@link RotationMode}) and append the copy, so the
 * output holds the originals followed by the copies (the train set doubles).
 *
 * Draw order per sample, from `random` only: in `'reference'` mode k first, then the coin
 * (`random() < 0.5` is heads); in `'always-rotate'` mode one draw of k.
 */
export function rotationAugment<T extends PixelArray>(
  samples: T,
  size: number,
  channels: number,
  random: UniformRandom,
  mode: RotationMode = 'reference',
): RotatedSet<T> {
  if (!Number.isInteger(size) || size <= 0 || !Number.isInteger(channels) || channels <= 0) {
    throw new RangeError(`rotationAugment: bad sample shape ${size}x${size}x${channels}`);
  }
  if (mode !== 'reference' && mode !== 'always-rotate') throw new RangeError(`rotationAugment: unknown mode '${String(mode)}'`);
  const len = size * size * channels;
  if (samples.length % len !== 0) {
    throw new RangeError(`rotationAugment: ${samples.length} values are not a whole number of ${size}x${size}x${channels} samples`);
  }
  const n = samples.length / len;
  const out = allocateLike(samples, 2 * n * len);
  out.set(samples, 0);
  const turns = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = drawTurns(random, mode);
    turns[i] = k;
    const dst = (n + i) * len;
    if (k === 0) out.set(samples.subarray(i * len, (i + 1) * len), dst);
    else rot90Into(samples, i * len, size, size, channels, k, out, dst);
  }
  return { data: out, count: 2 * n, turns };
}
