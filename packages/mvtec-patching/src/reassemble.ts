import { coverageCounts } from './coverage';
import { patchLength, type PatchGrid } from './patches';
import type { PixelArray, Raster } from './raster';

/** Options of {@link reassemble} and {@link broadcastPatchValues}. */
export interface ReassembleOptions {
  /**
   * Which image of a concatenated patch array to rebuild: its patches are read from
   * `image * patchesPerImage` on. Default 0 (the array holds one image, or the first).
   */
  readonly image?: number;
  /**
   * Value of pixels that no patch covers (the bottom/right border of a `'drop'` grid); default `NaN`, so
   * they cannot be mistaken for a score. `coverageMask(grid)` selects the covered pixels.
   */
  readonly fill?: number;
}

/** True when no two patches share a pixel (stride = patch size and no edge-aligned extra row/column). */
function isNonOverlapping(grid: PatchGrid): boolean {
  const regular = (starts: readonly number[]) => starts.every((s, i) => s === i * grid.patchSize);
  return grid.stride === grid.patchSize && regular(grid.rowStarts) && regular(grid.colStarts);
}

function imageOffset(grid: PatchGrid, perPatch: number, available: number, options: ReassembleOptions, where: string): number {
  const image = options.image ?? 0;
  if (!Number.isInteger(image) || image < 0) throw new RangeError(`${where}: bad image index ${image}`);
  const start = image * grid.patchesPerImage * perPatch;
  const needed = grid.patchesPerImage * perPatch;
  if (start + needed > available) {
    throw new RangeError(
      `${where}: image ${image} needs values ${start}..${start + needed - 1} but only ${available} were given`,
    );
  }
  return start;
}

/**
 * Rebuilds a full-size map from the patches of one image (NHWC, row-major grid order as produced by
 * `extractPatches`), in the image's own orientation (row `y` of the result is row `y` of the image; the
 * reference transposes here, we do not).
 *
 * Every pixel gets the mean of the values all patches covering it give it (sums kept in float64, so a
 * round trip of identical overlapping values is exact); pixels no patch covers get `options.fill`. Works
 * for images, masks, pixel error maps and any channel count.
 */
export function reassemble(
  patches: PixelArray,
  grid: PatchGrid,
  channels: number,
  options: ReassembleOptions = {},
): Raster<Float32Array> {
  if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`reassemble: bad channel count ${channels}`);
  const len = patchLength(grid, channels);
  let src = imageOffset(grid, len, patches.length, options, 'reassemble');
  const { imageHeight: h, imageWidth: w, patchSize: p } = grid;
  const out = new Float32Array(h * w * channels);
  const rowLength = p * channels;
  if (isNonOverlapping(grid)) {
    // Fast path: each pixel is written by exactly one patch or by none.
    if (grid.uncoveredBottom > 0 || grid.uncoveredRight > 0) out.fill(options.fill ?? Number.NaN);
    for (const top of grid.rowStarts) {
      for (const left of grid.colStarts) {
        let dst = (top * w + left) * channels;
        for (let y = 0; y < p; y++) {
          out.set(patches.subarray(src, src + rowLength), dst);
          src += rowLength;
          dst += w * channels;
        }
      }
    }
    return { data: out, width: w, height: h, channels };
  }
  const sums = new Float64Array(h * w * channels);
  const counts = coverageCounts(grid);
  for (const top of grid.rowStarts) {
    for (const left of grid.colStarts) {
      for (let y = 0; y < p; y++) {
        let dst = ((top + y) * w + left) * channels;
        for (let i = 0; i < rowLength; i++) sums[dst++] += patches[src++];
      }
    }
  }
  const fill = options.fill ?? Number.NaN;
  for (let px = 0; px < counts.length; px++) {
    const n = counts[px];
    for (let c = 0; c < channels; c++) {
      const i = px * channels + c;
      out[i] = n === 0 ? fill : sums[i] / n;
    }
  }
  return { data: out, width: w, height: h, channels };
}

/** How {@link broadcastPatchValues} combines the values of overlapping patches at one pixel. */
export type OverlapCombine = 'mean' | 'max';

/** Options of {@link broadcastPatchValues}. */
export interface BroadcastOptions extends ReassembleOptions {
  /** Combination of overlapping patches' values; default `'mean'`. */
  readonly combine?: OverlapCombine;
}

/**
 * A 1-channel full-size map in which every pixel of a patch carries that patch's scalar (e.g. its
 * K-aggregated NLN distance), as the reference's distance maps. `values` holds one number per patch in
 * global patch order; `options.image` selects the image. Overlapping patches are averaged (or their
 * maximum taken, `combine: 'max'`); uncovered pixels get `options.fill` (default `NaN`).
 */
export function broadcastPatchValues(
  values: ArrayLike<number>,
  grid: PatchGrid,
  options: BroadcastOptions = {},
): Raster<Float32Array> {
  const start = imageOffset(grid, 1, values.length, options, 'broadcastPatchValues');
  const combine = options.combine ?? 'mean';
  if (combine !== 'mean' && combine !== 'max') throw new RangeError(`broadcastPatchValues: unknown combine '${String(combine)}'`);
  const { imageHeight: h, imageWidth: w, patchSize: p } = grid;
  const acc = new Float64Array(h * w).fill(combine === 'max' ? Number.NEGATIVE_INFINITY : 0);
  const counts = new Uint32Array(h * w);
  let k = start;
  for (const top of grid.rowStarts) {
    for (const left of grid.colStarts) {
      const v = values[k++];
      for (let y = top; y < top + p; y++) {
        const row = y * w;
        for (let x = left; x < left + p; x++) {
          const i = row + x;
          acc[i] = combine === 'max' ? Math.max(acc[i], v) : acc[i] + v;
          counts[i]++;
        }
      }
    }
  }
  const fill = options.fill ?? Number.NaN;
  const out = new Float32Array(h * w);
  for (let i = 0; i < out.length; i++) {
    const n = counts[i];
    out[i] = n === 0 ? fill : combine === 'max' ? acc[i] : acc[i] / n;
  }
  return { data: out, width: w, height: h, channels: 1 };
}
