import {
  extractPatches,
  extractPatchesOfAll,
  patchGrid,
  patchIndex,
  patchLocation,
  patchOrigin,
} from './patches';
import { cropRaster, raster } from './raster';
import { patternRaster } from './test-utils/fixtures';

describe('patchGrid', () => {
  it('splits 1024 into 8x8 non-overlapping 128 px patches with nothing left over', () => {
    const g = patchGrid(1024, 1024);
    expect([g.rows, g.cols, g.patchesPerImage]).toEqual([8, 8, 64]);
    expect(g.rowStarts).toEqual([0, 128, 256, 384, 512, 640, 768, 896]);
    expect([g.uncoveredBottom, g.uncoveredRight]).toEqual([0, 0]);
  });

  it('drops the capsule border like the reference (1000 -> 7x7, 104 px uncovered)', () => {
    const g = patchGrid(1000, 1000);
    expect([g.rows, g.cols, g.patchesPerImage]).toEqual([7, 7, 49]);
    expect([g.uncoveredBottom, g.uncoveredRight]).toEqual([104, 104]);
  });

  it('covers the border with an edge-aligned last row and column when asked', () => {
    const g = patchGrid(1000, 1000, { border: 'cover' });
    expect([g.rows, g.cols]).toEqual([8, 8]);
    expect(g.rowStarts[7]).toBe(872);
    expect([g.uncoveredBottom, g.uncoveredRight]).toEqual([0, 0]);
    // No extra row when the regular grid already ends at the edge.
    expect(patchGrid(1024, 1024, { border: 'cover' }).rows).toBe(8);
  });

  it('handles non-square images and overlapping strides', () => {
    const g = patchGrid(900, 700, { border: 'cover' });
    expect([g.rows, g.cols]).toEqual([8, 6]);
    expect(g.colStarts).toEqual([0, 128, 256, 384, 512, 572]);
    const o = patchGrid(256, 256, { stride: 64 });
    expect(o.rowStarts).toEqual([0, 64, 128]);
    expect(o.patchesPerImage).toBe(9);
  });

  it('rejects impossible grids with a clear message', () => {
    expect(() => patchGrid(100, 100)).toThrow(/does not fit/);
    expect(() => patchGrid(256, 256, { stride: 200 })).toThrow(/stride 200 is larger/);
    expect(() => patchGrid(256, 256, { patchSize: 0 })).toThrow(/patchSize must be a positive integer/);
  });
});

describe('patch index mapping', () => {
  it('numbers patches n*R^2 + i*R + j and inverts exactly', () => {
    const g = patchGrid(1024, 1024);
    expect(patchIndex(g, 2, 3, 5)).toBe(2 * 64 + 3 * 8 + 5);
    for (const index of [0, 7, 8, 63, 64, 200, 1000]) {
      const at = patchLocation(g, index);
      expect(patchIndex(g, at.image, at.row, at.col)).toBe(index);
    }
    expect(patchLocation(g, 64 + 9)).toEqual({ image: 1, row: 1, col: 1 });
  });

  it('uses the column count of non-square grids', () => {
    const g = patchGrid(900, 700, { border: 'cover' }); // 8 x 6
    expect(patchIndex(g, 1, 2, 3)).toBe(48 + 2 * 6 + 3);
    expect(patchLocation(g, 48 + 15)).toEqual({ image: 1, row: 2, col: 3 });
    expect(patchOrigin(g, 7, 5)).toEqual({ top: 772, left: 572 });
  });

  it('rejects out-of-grid positions', () => {
    const g = patchGrid(256, 256);
    expect(() => patchIndex(g, 0, 2, 0)).toThrow(/row 2 outside 0..1/);
    expect(() => patchLocation(g, -1)).toThrow(/bad patch index/);
    expect(() => patchOrigin(g, 0, 2)).toThrow(/outside the 2x2 grid/);
  });
});

describe('extractPatches', () => {
  it('cuts row-major patches whose pixels are the image window (not transposed)', () => {
    const image = patternRaster(4, 6, 3); // width 6, height 4
    const g = patchGrid(4, 6, { patchSize: 2 }); // 2 rows x 3 cols
    const patches = extractPatches(g, image);
    expect(patches).toBeInstanceOf(Uint8Array);
    expect(patches.length).toBe(6 * 2 * 2 * 3);
    const len = 12;
    for (let p = 0; p < 6; p++) {
      const { top, left } = patchOrigin(g, Math.floor(p / 3), p % 3);
      expect(Array.from(patches.subarray(p * len, (p + 1) * len))).toEqual(Array.from(cropRaster(image, top, left, 2, 2).data));
    }
    // Patch 1 is row 0, column 1: its first pixel is image pixel (y=0, x=2).
    expect(patches[len]).toBe(image.data[2 * 3]);
  });

  it('treats a 0/1 mask like an image', () => {
    const mask = raster(new Uint8Array([0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0]), 4, 4, 1);
    const patches = extractPatches(patchGrid(4, 4, { patchSize: 2 }), mask);
    expect(Array.from(patches)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('concatenates several images in global patch order and checks sizes', () => {
    const a = patternRaster(4, 4, 1);
    const b = raster(a.data.map((v) => 255 - v), 4, 4, 1);
    const g = patchGrid(4, 4, { patchSize: 2 });
    const all = extractPatchesOfAll(g, [a, b]);
    expect(Array.from(all.subarray(16))).toEqual(Array.from(extractPatches(g, b)));
    expect(() => extractPatches(g, patternRaster(4, 5, 1))).toThrow(/image is 4x5 but the grid is for 4x4/);
  });
});
