import { raster } from './raster';
import { trainingSamples, type TrainingSampleOptions } from './training-samples';
import { cutPlannedSamples, trainingPlan } from './training-plan';
import { firstDifference, patternRaster, scriptedRandom } from './test-utils/fixtures';

/** A small seeded generator (a 32-bit LCG) for the equality tests. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('trainingPlan + cutPlannedSamples', () => {
  // 80x80 images, size 16: 5x5 = 25 patches each; central 0.8 -> 64 px, tiles int(1.7 * 16) = 27 -> 2x2 crops.
  const images = [0, 1, 2].map((n) => raster(patternRaster(80, 80, 3).data.map((v) => (v + 40 * n) % 256), 80, 80, 3));
  const len = 16 * 16 * 3;

  it.each<[string, TrainingSampleOptions]>([
    ['the reference (crops, rotation)', { patchSize: 16 }],
    ['always-rotate', { patchSize: 16, rotation: 'always-rotate' }],
    ['no crops, no rotation', { patchSize: 16, crops: false, rotation: false }],
  ])('cuts exactly the samples of trainingSamples with the same draws: %s', (_, options) => {
    const reference = trainingSamples(images, lcg(7), options);
    const plan = trainingPlan(images.length, 80, 80, lcg(7), options);
    expect([plan.count, plan.patchCount, plan.cropCount]).toEqual([reference.count, reference.patchCount, reference.cropCount]);
    const all = Int32Array.from({ length: plan.count }, (_, i) => i);
    const out = new Float32Array(plan.count * len);
    cutPlannedSamples(plan, images, all, out, 1 / 255);
    const expected = Float32Array.from(reference.data, (v) => v / 255);
    expect(firstDifference(out, expected)).toBe(-1);
  });

  it('has the counts and turns worked out by hand, and cuts only the requested samples in their order', () => {
    // 3 images: 75 patches + 12 crops = 87, doubled to 174. Crop draws 0 put every crop at its tile's corner;
    // then 87 x (k, coin): k = floor(0.5 * 5) = 2, heads.
    const draws = [...Array(24).fill(0), ...Array.from({ length: 174 }, (_, i) => (i % 2 === 0 ? 0.5 : 0.2))];
    const plan = trainingPlan(3, 80, 80, scriptedRandom(draws), { patchSize: 16 });
    expect([plan.count, plan.patchCount, plan.cropCount]).toEqual([174, 75, 12]);
    // First crop of image 0: central crop starts at 8, tile 0 -> (8, 8); its rotated copy is sample 87 + 75.
    expect([plan.image[75], plan.top[75], plan.left[75], plan.turns[75]]).toEqual([0, 8, 8, 0]);
    expect([plan.image[162], plan.top[162], plan.left[162], plan.turns[162]]).toEqual([0, 8, 8, 2]);
    const out = new Float32Array(2 * len);
    cutPlannedSamples(plan, images, [162, 26], out);
    // Sample 26 is image 1's patch (row 0, col 1), unrotated: its first pixel is image 1 at (0, 16).
    expect(Array.from(out.subarray(len, len + 3))).toEqual(Array.from(images[1].data.subarray(16 * 3, 16 * 3 + 3)));
    // Half a turn: the copy's first pixel is the window's last, image 0 at (8 + 15, 8 + 15).
    const last = ((8 + 15) * 80 + 8 + 15) * 3;
    expect(Array.from(out.subarray(0, 3))).toEqual(Array.from(images[0].data.subarray(last, last + 3)));
  });

  it('names what is wrong', () => {
    const plan = trainingPlan(2, 80, 80, lcg(1), { patchSize: 16 });
    const out = new Float32Array(len);
    expect(() => cutPlannedSamples(plan, images, [0], out)).toThrow(/plan is for 2 images, got 3/);
    expect(() => cutPlannedSamples(plan, images.slice(0, 2), [plan.count], out)).toThrow(/sample 116 is outside the plan's 116/);
    const small = raster(new Uint8Array(40 * 40 * 3), 40, 40, 3);
    expect(() => cutPlannedSamples(plan, [images[0], small], [plan.count - 1], out)).toThrow(/image 1 is 40x40x3, the plan is for 80x80x3/);
    expect(() => trainingPlan(0, 80, 80, lcg(1))).toThrow(/no images/);
    expect(() => trainingPlan(1, 200, 200, lcg(1), { patchSize: 128 })).toThrow(/no 217px tile/);
  });
});
