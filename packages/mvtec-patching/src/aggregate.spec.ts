import {
  imageDistanceScores,
  imageLabelsFromPatches,
  imageScoresFromPatches,
  mapMax,
  mapMean,
  patchLabels,
  reduceGroups,
} from './aggregate';
import { raster } from './raster';

describe('reduceGroups / imageScoresFromPatches', () => {
  it('takes the mean or max of consecutive groups', () => {
    expect(Array.from(reduceGroups([1, 2, 3, 10, 20, 30], 3, 'mean'))).toEqual([2, 20]);
    expect(Array.from(imageScoresFromPatches([1, 5, 3, -1, -4, -2], 3, 'max'))).toEqual([5, -1]);
  });

  it('rejects ragged input, NaN and unknown reductions', () => {
    expect(() => reduceGroups([1, 2, 3], 2, 'mean')).toThrow(/not a whole number of groups of 2/);
    expect(() => reduceGroups([1, Number.NaN], 2, 'max')).toThrow(/value 1 is NaN/);
    expect(() => reduceGroups([1, 2], 2, 'median' as never)).toThrow(/unknown reduction/);
  });
});

describe('imageDistanceScores', () => {
  it('is the max over patches of the mean over K (the reference d)', () => {
    // 2 images x 2 patches x K = 2 distances.
    const d = [1, 3, 4, 6, /* image 1 */ 0, 2, 1, 1];
    expect(Array.from(imageDistanceScores(d, 2, 2))).toEqual([5, 1]);
  });
});

describe('mapMean / mapMax', () => {
  it('ignore uncovered (NaN) pixels', () => {
    const map = raster(new Float32Array([1, 2, Number.NaN, 6]), 2, 2, 1);
    expect(mapMean(map)).toBe(3);
    expect(mapMax(map)).toBe(6);
    const empty = raster(new Float32Array([Number.NaN]), 1, 1, 1);
    expect(() => mapMean(empty)).toThrow(/no covered pixel/);
    expect(() => mapMax(empty)).toThrow(/no covered pixel/);
  });
});

describe('patchLabels / imageLabelsFromPatches', () => {
  it('repeats image labels per patch and recovers them', () => {
    const perPatch = patchLabels([0, 3, 0], 2);
    expect(Array.from(perPatch)).toEqual([0, 0, 3, 3, 0, 0]);
    expect(Array.from(imageLabelsFromPatches(perPatch, 2, 0))).toEqual([0, 3, 0]);
    expect(Array.from(imageLabelsFromPatches([0, 0, 0, 5], 2, 0))).toEqual([0, 5]);
    expect(() => imageLabelsFromPatches([0, 0, 0], 2, 0)).toThrow(/not a whole number/);
  });
});
