import { patchGrid, extractPatches, extractPatchesOfAll, type PatchGrid } from './patches';
import { coverageMask } from './coverage';
import { broadcastPatchValues, reassemble } from './reassemble';
import { raster, type Raster } from './raster';
import { firstDifference, patternRaster } from './test-utils/fixtures';

function roundTrip(image: Raster, grid: PatchGrid): Raster<Float32Array> {
  return reassemble(extractPatches(grid, image), grid, image.channels);
}

describe('reassemble', () => {
  it('rebuilds a 1024x1024 RGB image exactly from its 64 patches', () => {
    const image = patternRaster(1024, 1024, 3);
    const back = roundTrip(image, patchGrid(1024, 1024));
    expect([back.width, back.height, back.channels]).toEqual([1024, 1024, 3]);
    expect(firstDifference(back.data, image.data)).toBe(-1);
  });

  it('rebuilds sizes that do not divide exactly when the border is covered (1000, 900x700)', () => {
    for (const [w, h, c] of [
      [1000, 1000, 1],
      [700, 900, 3],
    ]) {
      const image = patternRaster(h, w, c);
      const back = roundTrip(image, patchGrid(h, w, { border: 'cover' }));
      expect([back.width, back.height]).toEqual([w, h]);
      expect(firstDifference(back.data, image.data)).toBe(-1);
    }
  });

  it('keeps the orientation of a non-square image (no transpose)', () => {
    const image = patternRaster(256, 128, 1); // 256 rows, 128 columns
    const back = roundTrip(image, patchGrid(256, 128, { patchSize: 64 }));
    expect([back.height, back.width]).toEqual([256, 128]);
    expect(firstDifference(back.data, image.data)).toBe(-1);
  });

  it('averages overlapping patches and is exact for arbitrary floats', () => {
    const values = new Float32Array(20 * 12 * 2).map((_, i) => Math.sin(i) * 1e3 + 1 / 3);
    const image = raster(values, 20, 12, 2);
    const grid = patchGrid(20, 12, { patchSize: 8, stride: 3, border: 'cover' });
    expect(Array.from(roundTrip(image, grid).data)).toEqual(Array.from(values));
    // Different values in the overlap are averaged: patch 0 all 1s, patch 1 all 3s over a 2-px overlap.
    const g = patchGrid(2, 4, { patchSize: 2, stride: 1 }); // starts 0, 1, 2 on the columns
    const patches = new Float32Array([1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5]);
    expect(Array.from(reassemble(patches, g, 1).data)).toEqual([1, 2, 4, 5, 1, 2, 4, 5]);
  });

  it('marks the dropped border NaN (or the fill value) and rebuilds the covered part exactly', () => {
    const image = patternRaster(7, 10, 1);
    const grid = patchGrid(7, 10, { patchSize: 3 }); // 2 x 3 patches cover 6 x 9
    const back = roundTrip(image, grid);
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 10; x++) {
        const v = back.data[y * 10 + x];
        if (y < 6 && x < 9) expect(v).toBe(image.data[y * 10 + x]);
        else expect(v).toBeNaN();
      }
    }
    const filled = reassemble(extractPatches(grid, image), grid, 1, { fill: -1 });
    expect(filled.data[6 * 10]).toBe(-1);
    expect(coverageMask(grid).data[6 * 10 + 9]).toBe(0);
    expect(coverageMask(grid).data[5 * 10 + 8]).toBe(1);
  });

  it('reads the requested image out of a concatenated patch array', () => {
    const a = patternRaster(4, 4, 1);
    const b = raster(a.data.map((v) => v + 1), 4, 4, 1);
    const grid = patchGrid(4, 4, { patchSize: 2 });
    const all = extractPatchesOfAll(grid, [a, b]);
    expect(Array.from(reassemble(all, grid, 1, { image: 1 }).data)).toEqual(Array.from(b.data));
    expect(() => reassemble(all, grid, 1, { image: 2 })).toThrow(/only 32 were given/);
  });
});

describe('broadcastPatchValues', () => {
  it('spreads each patch scalar over its pixels in image orientation', () => {
    const grid = patchGrid(4, 6, { patchSize: 2 }); // 2 rows x 3 cols
    const map = broadcastPatchValues([1, 2, 3, 4, 5, 6], grid);
    expect([map.width, map.height, map.channels]).toEqual([6, 4, 1]);
    expect(Array.from(map.data)).toEqual([
      1, 1, 2, 2, 3, 3,
      1, 1, 2, 2, 3, 3,
      4, 4, 5, 5, 6, 6,
      4, 4, 5, 5, 6, 6,
    ]);
  });

  it('averages or maximises overlapping patches and selects images', () => {
    const grid = patchGrid(2, 3, { patchSize: 2, border: 'cover' }); // columns start 0 and 1
    expect(Array.from(broadcastPatchValues([2, 4], grid).data)).toEqual([2, 3, 4, 2, 3, 4]);
    expect(Array.from(broadcastPatchValues([2, 4], grid, { combine: 'max' }).data)).toEqual([2, 4, 4, 2, 4, 4]);
    expect(Array.from(broadcastPatchValues([0, 0, 7, 9], grid, { image: 1 }).data)).toEqual([7, 8, 9, 7, 8, 9]);
  });

  it('leaves uncovered pixels at the fill value', () => {
    const map = broadcastPatchValues([5], patchGrid(3, 3, { patchSize: 2 }), { fill: 0 });
    expect(Array.from(map.data)).toEqual([5, 5, 0, 5, 5, 0, 0, 0, 0]);
  });
});
