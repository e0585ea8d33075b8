import { extractPatchesOfAll, patchGrid } from './patches';
import { randomTileCrops } from './crops';
import { rot90 } from './rotate';
import { raster } from './raster';
import { trainingSamples } from './training-samples';
import { firstDifference, patternRaster, scriptedRandom } from './test-utils/fixtures';

describe('trainingSamples', () => {
  // 64x64 images, size 16: 4x4 = 16 patches each; central 0.8 -> 52 px, tiles int(1.7 * 16) = 27 -> 1x1.
  const images = [patternRaster(64, 64, 3), raster(patternRaster(64, 64, 3).data.map((v) => 255 - v), 64, 64, 3)];
  const len = 16 * 16 * 3;

  it('stacks grid patches then crops, then appends one rotated copy of each', () => {
    // 2 images x 1 tile x 2 offsets, then 34 samples x (k, coin).
    const draws = [0, 0, 0.5, 0.5, ...Array.from({ length: 68 }, (_, i) => (i % 2 === 0 ? 0.3 : 0.2))];
    const random = scriptedRandom(draws);
    const set = trainingSamples(images, random, { patchSize: 16 });
    expect(random.used()).toBe(draws.length);
    expect([set.patchCount, set.cropCount, set.count]).toEqual([32, 2, 68]);
    const patches = extractPatchesOfAll(patchGrid(64, 64, { patchSize: 16 }), images);
    expect(firstDifference(set.data.subarray(0, 32 * len), patches)).toBe(-1);
    const crops = randomTileCrops(images, scriptedRandom(draws), { cropSize: 16 });
    expect(firstDifference(set.data.subarray(32 * len, 34 * len), crops.data)).toBe(-1);
    // Every copy is rot90^1 of its original (k = floor(0.3 * 5) = 1, heads).
    expect(Array.from(set.turns)).toEqual(Array(34).fill(1));
    const original = raster(set.data.slice(33 * len, 34 * len), 16, 16, 3);
    expect(firstDifference(set.data.subarray(67 * len), rot90(original, 1).data)).toBe(-1);
  });

  it('can leave out crops and rotation', () => {
    const set = trainingSamples(images, () => 0, { patchSize: 16, crops: false, rotation: false });
    expect([set.count, set.cropCount, set.turns.length]).toEqual([32, 0, 0]);
  });
});
