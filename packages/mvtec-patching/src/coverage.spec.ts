import { coverageCounts, coverageMask } from './coverage';
import { patchGrid } from './patches';

describe('coverageCounts', () => {
  it('counts overlaps of the edge-aligned cover patches', () => {
    const counts = coverageCounts(patchGrid(3, 3, { patchSize: 2, border: 'cover' }));
    expect(Array.from(counts)).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });
});

describe('coverageMask', () => {
  it('marks the pixels a drop grid covers, row-major', () => {
    // 3 x 5 image, 2-px patches: one row of two patches covers rows 0-1, columns 0-3.
    const mask = coverageMask(patchGrid(3, 5, { patchSize: 2 }));
    expect([mask.width, mask.height, mask.channels]).toEqual([5, 3, 1]);
    expect(Array.from(mask.data)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(coverageMask(patchGrid(3, 5, { patchSize: 2, border: 'cover' })).data)).toEqual(new Array(15).fill(1));
  });

  it('covers the top-left 896 x 896 of capsule at 1000 px with 128-px patches', () => {
    const { data } = coverageMask(patchGrid(1000, 1000, { patchSize: 128 }));
    expect(data.reduce((n, v) => n + v, 0)).toBe(896 * 896);
    expect([data[895 * 1000 + 895], data[895 * 1000 + 896], data[896 * 1000], data[999 * 1000 + 999]]).toEqual([1, 0, 0, 0]);
    expect(coverageMask(patchGrid(1000, 1000, { patchSize: 128, border: 'cover' })).data.every((v) => v === 1)).toBe(true);
  });
});
