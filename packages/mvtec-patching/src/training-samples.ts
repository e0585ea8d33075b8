import { randomTileCrops, type TileCropOptions } from './crops';
import { extractPatchesOfAll, patchGrid, type BorderMode } from './patches';
import { allocateLike, type PixelArray, type Raster, type UniformRandom } from './raster';
import { rotationAugment, type RotationMode } from './rotate';

/** Options of {@link trainingSamples}; the defaults are the reference's `-patches -crop -rotate` run. */
export interface TrainingSampleOptions {
  /** Side of patches and crops (they are stacked together); default 128. */
  readonly patchSize?: number;
  /** Border handling of the patch grid; default `'drop'` (the reference). */
  readonly border?: BorderMode;
  /** Random tile crops to add (`false`: none); default the reference crops (see `randomTileCrops`). */
  readonly crops?: false | Omit<TileCropOptions, 'cropSize'>;
  /** Rotation augmentation (`false`: none); default `'reference'` (see `rotationAugment`). */
  readonly rotation?: false | RotationMode;
}

/** Training samples of one class: square patches and crops, NHWC, in the input's storage kind. */
export interface TrainingSamples<T extends PixelArray = PixelArray> {
  /** `count * size * size * channels` values. */
  readonly data: T;
  /** Samples in `data`. */
  readonly count: number;
  /** Sample side in pixels. */
  readonly size: number;
  /** Channels per pixel. */
  readonly channels: number;
  /** Grid patches at the start of `data` (before any rotated copies). */
  readonly patchCount: number;
  /** Random crops that follow the patches. */
  readonly cropCount: number;
  /** Quarter turns of each appended copy (empty without rotation); see `rotationAugment`. */
  readonly turns: Uint8Array;
}

/**
 * The reference's MVTec training set from resized train images: the non-overlapping grid patches of every
 * image, then 9 random tile crops per image, then (rotation on) one rotated copy of every sample appended.
 * Bottle (209 images at 1024 px): 209 * 64 + 209 * 9 = 15,257 samples, 30,514 after rotation.
 *
 * Random draws, all from `random` and in this order: every crop offset (image by image), then every
 * rotation. The same generator state gives the same set.
 */
export function trainingSamples<T extends PixelArray>(
  images: readonly Raster<T>[],
  random: UniformRandom,
  options: TrainingSampleOptions = {},
): TrainingSamples<T> {
  if (images.length === 0) throw new RangeError('trainingSamples: no images');
  const size = options.patchSize ?? 128;
  const { height, width, channels } = images[0];
  const grid = patchGrid(height, width, { patchSize: size, border: options.border ?? 'drop' });
  const patches = extractPatchesOfAll(grid, images);
  const patchCount = images.length * grid.patchesPerImage;
  const crops = options.crops === false ? undefined : randomTileCrops(images, random, { ...options.crops, cropSize: size });
  const cropCount = crops?.count ?? 0;
  const stacked = allocateLike(patches, patches.length + (crops?.data.length ?? 0));
  stacked.set(patches, 0);
  if (crops) stacked.set(crops.data, patches.length);
  const rotation = options.rotation ?? 'reference';
  if (rotation === false) {
    return { data: stacked, count: patchCount + cropCount, size, channels, patchCount, cropCount, turns: new Uint8Array(0) };
  }
  const rotated = rotationAugment(stacked, size, channels, random, rotation);
  return { data: rotated.data, count: rotated.count, size, channels, patchCount, cropCount, turns: rotated.turns };
}
