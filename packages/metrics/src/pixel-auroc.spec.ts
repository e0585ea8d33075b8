import { PixelScoreAccumulator, pixelAuroc } from './pixel-auroc';
import { auroc } from './roc';
import { averagePrecision } from './average-precision';
import { youdenOracleThresholdFromSorted, youdenOracleThreshold, evaluateThreshold } from './thresholds';
import { pairwiseAuroc, randomTiedData, seededRandom } from './test-utils/reference';

describe('PixelScoreAccumulator', () => {
  it('gives the AUROC of the pooled pixels, image by image', () => {
    // Image 1: scores [0.9, 0.2] mask [1, 0]; image 2: [0.5, 0.5, 0.1] mask [255, 0, 0].
    // Novel {0.9, 0.5}, normal {0.2, 0.5, 0.1}: pairs won 3 + (1 + 1/2 + 1) = 5.5 of 6.
    const acc = new PixelScoreAccumulator();
    acc.add(new Float32Array([0.9, 0.2]), [1, 0]);
    acc.add(new Float32Array([0.5, 0.5, 0.1]), new Uint8Array([255, 0, 0]));
    expect(acc.positiveCount).toBe(2);
    expect(acc.negativeCount).toBe(3);
    expect(acc.imageCount).toBe(2);
    expect(acc.auroc()).toBeCloseTo(5.5 / 6, 15);
  });

  it('equals auroc on the concatenated float32 data, growing its buffer as needed', () => {
    const rand = seededRandom(5);
    const all: number[] = [];
    const allMask: number[] = [];
    const acc = new PixelScoreAccumulator({ expectedPixels: 8 });
    for (let image = 0; image < 12; image++) {
      const { scores, labels } = randomTiedData(rand, 100, 37, 0.2);
      const map = Float32Array.from(scores, (s) => s * 3 - 1);
      acc.add(map, labels);
      all.push(...map);
      allMask.push(...labels);
      if (image === 5) expect(acc.auroc()).toBeCloseTo(auroc(all, allMask), 14);
    }
    expect(acc.auroc()).toBeCloseTo(auroc(all, allMask), 14);
    expect(acc.auroc()).toBeCloseTo(pairwiseAuroc(all, allMask), 12);
    expect(acc.averagePrecision()).toBeCloseTo(averagePrecision(all, allMask), 14);
    const oracle = youdenOracleThresholdFromSorted(acc.sorted());
    expect(oracle).toEqual(youdenOracleThreshold(all, allMask));
    expect(acc.youdenOracleThreshold()).toEqual(oracle);
    expect(acc.evaluate(oracle)).toEqual(evaluateThreshold(oracle, all, allMask));
  });

  it('stores float32 by default and float64 on request', () => {
    // 1 + 1e-9 and 1 are the same float32 value: a tie (AUROC 1/2) in float32, a win (1) in float64.
    expect(pixelAuroc([1 + 1e-9, 1], [1, 0])).toBe(0.5);
    expect(pixelAuroc([1 + 1e-9, 1], [1, 0], { precision: 'float64' })).toBe(1);
    // -1e-50 rounds to float32 -0, which must tie with 0.
    expect(pixelAuroc([-1e-50, 0], [1, 0])).toBe(0.5);
  });

  it('counts only covered pixels, without reading the others', () => {
    // Covered: 0.9 (defect) and 0.2 (normal): AUROC 1. The uncovered defect pixel scored 0 would make it
    // 1/2 if counted; the uncovered NaN is never read.
    const map = [0.9, 0.2, 0, NaN];
    const mask = [1, 0, 1, 0];
    const covered = [1, 1, 0, 0];
    const acc = new PixelScoreAccumulator({ expectedPixels: 2 });
    acc.add(map, mask, covered);
    expect([acc.positiveCount, acc.negativeCount, acc.auroc()]).toEqual([1, 1, 1]);
    expect(pixelAuroc(map, mask, { covered })).toBe(1);
    expect(pixelAuroc(map.slice(0, 3), mask.slice(0, 3))).toBe(0.5);
    expect(() => pixelAuroc(map, mask)).toThrow(/index 3 is NaN/);
    expect(() => acc.add(map, mask, [1, 1])).toThrow(/image 1\): coverage mask has 2 values, expected 4/);
  });

  it('rejects bad input, naming the image and index, and keeps what was added', () => {
    const acc = new PixelScoreAccumulator();
    acc.add([0.3, 0.1], [1, 0]);
    expect(() => acc.add([0.2, NaN], [0, 1])).toThrow(/image 1\): score at index 1 is NaN/);
    expect(() => acc.add([1e39], [0])).toThrow(/beyond float32 range/);
    expect(() => acc.add([0.2], [0, 1])).toThrow(/differ in length/);
    expect(() => acc.add([], [])).toThrow(/empty/);
    expect(() => acc.add([0.2], [NaN])).toThrow(/mask value at index 0 is NaN/);
    expect(acc.positiveCount + acc.negativeCount).toBe(2);
    expect(acc.auroc()).toBe(1);
    expect(() => new PixelScoreAccumulator().sorted()).toThrow(/only one class/);
    expect(() => pixelAuroc([0.2, 0.4], [0, 0])).toThrow(/only one class/);
    expect(() => new PixelScoreAccumulator({ expectedPixels: -1 })).toThrow(/expectedPixels/);
  });
});
