/**
 * Which pixels of an image a patch grid covers: the pixels its patches' maps say something about, and so
 * the only ones a pixel metric may count (`@nln/metrics` takes {@link coverageMask} as its coverage mask).
 */
import type { PatchGrid } from './patches';
import type { Raster } from './raster';

/**
 * How many patches cover each pixel (1 channel, row-major). 0 marks the border a `'drop'` grid leaves
 * out; values above 1 mark overlaps (stride below the patch size, or the edge-aligned patches of `'cover'`).
 */
export function coverageCounts(grid: PatchGrid): Uint32Array {
  const counts = new Uint32Array(grid.imageHeight * grid.imageWidth);
  const p = grid.patchSize;
  for (const top of grid.rowStarts) {
    for (const left of grid.colStarts) {
      for (let y = top; y < top + p; y++) {
        const row = y * grid.imageWidth;
        for (let x = left; x < left + p; x++) counts[row + x]++;
      }
    }
  }
  return counts;
}

/**
 * 0/1 mask (1 channel, row-major) of the pixels covered by at least one patch of the grid: with the
 * reference's `'drop'` border, capsule at 1000 px with 128-px patches covers the top-left 896 x 896
 * (80.3% of the pixels); a `'cover'` grid covers every pixel.
 */
export function coverageMask(grid: PatchGrid): Raster<Uint8Array> {
  const counts = coverageCounts(grid);
  const data = new Uint8Array(counts.length);
  for (let i = 0; i < counts.length; i++) data[i] = counts[i] > 0 ? 1 : 0;
  return { data, width: grid.imageWidth, height: grid.imageHeight, channels: 1 };
}
