import { tileLayout } from './crops';
import { patchGrid } from './patches';
import { drawIndex, type Raster, type UniformRandom } from './raster';
import { drawTurns } from './rotate';
import type { TrainingSampleOptions } from './training-samples';

/**
 * Where every training sample of {@link trainingSamples} comes from, without cutting any: per sample the
 * source image, the top-left corner of its window and its quarter turns (counter-clockwise). Samples are
 * in `trainingSamples`' order (grid patches image by image, then crops, then one copy of each), so
 * {@link cutPlannedSamples} over the plan gives exactly `trainingSamples`' data, sample by sample.
 */
export interface TrainingPlan {
  /** Samples planned. */
  readonly count: number;
  /** Sample side in pixels. */
  readonly size: number;
  /** Images the plan was made for, and their shape. */
  readonly imageCount: number;
  readonly imageHeight: number;
  readonly imageWidth: number;
  /** Grid patches at the start (before any rotated copies). */
  readonly patchCount: number;
  /** Random crops that follow the patches. */
  readonly cropCount: number;
  /** Source image of each sample. */
  readonly image: Int32Array;
  /** Top row of each sample's window in its image. */
  readonly top: Int32Array;
  /** Left column of each sample's window in its image. */
  readonly left: Int32Array;
  /** Quarter turns of each sample (0 for originals and unchanged copies). */
  readonly turns: Uint8Array;
}

/**
 * The plan of {@link trainingSamples} for `imageCount` images of `height x width`: the same options and
 * the same draws from `random` in the same order (every crop offset image by image, row then column;
 * then every rotation, as `rotationAugment`), so the same generator state gives the same samples.
 * Memory: 13 bytes per sample.
 */
export function trainingPlan(
  imageCount: number,
  height: number,
  width: number,
  random: UniformRandom,
  options: TrainingSampleOptions = {},
): TrainingPlan {
  if (!Number.isInteger(imageCount) || imageCount <= 0) throw new RangeError(`trainingPlan: no images (count ${imageCount})`);
  const size = options.patchSize ?? 128;
  const grid = patchGrid(height, width, { patchSize: size, border: options.border ?? 'drop' });
  const layout = options.crops === false ? undefined : tileLayout(height, width, { ...options.crops, cropSize: size });
  const patchCount = imageCount * grid.patchesPerImage;
  const cropCount = layout === undefined ? 0 : imageCount * layout.tileRows * layout.tileCols;
  const base = patchCount + cropCount;
  const rotation = options.rotation ?? 'reference';
  const count = rotation === false ? base : 2 * base;
  const image = new Int32Array(count);
  const top = new Int32Array(count);
  const left = new Int32Array(count);
  const turns = new Uint8Array(count);
  let s = 0;
  for (let n = 0; n < imageCount; n++) {
    for (const y of grid.rowStarts) {
      for (const x of grid.colStarts) {
        image[s] = n;
        top[s] = y;
        left[s++] = x;
      }
    }
  }
  if (layout !== undefined) {
    const positions = layout.tileSize - size + 1;
    for (let n = 0; n < imageCount; n++) {
      for (let ty = 0; ty < layout.tileRows; ty++) {
        for (let tx = 0; tx < layout.tileCols; tx++) {
          image[s] = n;
          top[s] = layout.centre.top + ty * layout.tileSize + drawIndex(random, positions);
          left[s++] = layout.centre.left + tx * layout.tileSize + drawIndex(random, positions);
        }
      }
    }
  }
  if (rotation !== false) {
    if (rotation !== 'reference' && rotation !== 'always-rotate') throw new RangeError(`trainingPlan: unknown rotation mode '${String(rotation)}'`);
    for (let i = 0; i < base; i++) {
      image[base + i] = image[i];
      top[base + i] = top[i];
      left[base + i] = left[i];
      turns[base + i] = drawTurns(random, rotation);
    }
  }
  return { count, size, imageCount, imageHeight: height, imageWidth: width, patchCount, cropCount, image, top, left, turns };
}

/** Source pixel offset (within the window) of output pixel (i, j) after `k` quarter turns, as `rot90Into`. */
function sourceOf(i: number, j: number, size: number, k: number): number {
  if (k === 0) return i * size + j;
  if (k === 1) return j * size + (size - 1 - i);
  if (k === 2) return (size - 1 - i) * size + (size - 1 - j);
  return (size - 1 - j) * size + i;
}

/**
 * Cuts the planned samples at `indices` from byte `images` (the images the plan was made for) into `out`
 * as floats `value * scale` (NHWC, sample after sample, in the order of `indices`). Only those samples
 * are cut. `scale = 1 / 255` gives exactly `value / 255` for every byte value.
 */
export function cutPlannedSamples(
  plan: TrainingPlan,
  images: readonly Raster<Uint8Array>[],
  indices: ArrayLike<number>,
  out: Float32Array,
  scale = 1,
): void {
  if (images.length !== plan.imageCount) throw new RangeError(`cutPlannedSamples: the plan is for ${plan.imageCount} images, got ${images.length}`);
  const { size } = plan;
  const channels = images[0].channels;
  const len = size * size * channels;
  if (out.length < indices.length * len) throw new RangeError(`cutPlannedSamples: out holds ${out.length} values, ${indices.length} samples need ${indices.length * len}`);
  const table = Float32Array.from({ length: 256 }, (_, v) => v * scale);
  for (let j = 0; j < indices.length; j++) {
    const s = indices[j];
    if (!Number.isInteger(s) || s < 0 || s >= plan.count) throw new RangeError(`cutPlannedSamples: sample ${s} is outside the plan's ${plan.count}`);
    const img = images[plan.image[s]];
    if (img.height !== plan.imageHeight || img.width !== plan.imageWidth || img.channels !== channels) {
      throw new RangeError(`cutPlannedSamples: image ${plan.image[s]} is ${img.height}x${img.width}x${img.channels}, the plan is for ${plan.imageHeight}x${plan.imageWidth}x${channels}`);
    }
    const k = plan.turns[s];
    const origin = (plan.top[s] * img.width + plan.left[s]) * channels;
    const rowStride = img.width * channels;
    let d = j * len;
    for (let i = 0; i < size; i++) {
      for (let x = 0; x < size; x++) {
        const w = sourceOf(i, x, size, k);
        const src = origin + Math.floor(w / size) * rowStride + (w % size) * channels;
        for (let c = 0; c < channels; c++) out[d++] = table[img.data[src + c]];
      }
    }
  }
}
