import { BinnedAurocAccumulator } from './binned-auroc';
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

describe('BinnedAurocAccumulator', () => {
  it('is exact when every pair of classes falls in different bins', () => {
    // Bins of width 0.25 over [0, 1]: novel 0.9, 0.6; normal 0.1, 0.3 -> no shared bin, AUROC 1, bound 0.
    const acc = new BinnedAurocAccumulator({ bins: 4, min: 0, max: 1 });
    acc.add([0.9, 0.1, 0.6, 0.3], [1, 0, 1, 0]);
    expect(acc.result()).toEqual({ auroc: 1, errorBound: 0, clamped: 0 });
  });

  it('counts pairs sharing a bin as ties and bounds the error by half their share', () => {
    // One bin holds novel 0.6 and normal 0.55: that pair counts 1/2 (exact: 1), so AUROC 3.5/4 and the
    // bound is 0.5 * 1 / 4 = 0.125 >= the actual error 0.125.
    const acc = new BinnedAurocAccumulator({ bins: 4, min: 0, max: 1 });
    acc.add([0.9, 0.1, 0.6, 0.55], [1, 0, 1, 0]);
    expect(acc.result()).toEqual({ auroc: 0.875, errorBound: 0.125, clamped: 0 });
  });

  it('stays within its stated bound of the exact AUROC on random data', () => {
    const rand = seededRandom(9);
    for (const bins of [3, 16, 256, 65536]) {
      const acc = new BinnedAurocAccumulator({ bins, min: 0, max: 1 });
      const exact = new PixelScoreAccumulator({ precision: 'float64' });
      for (let image = 0; image < 5; image++) {
        const n = 400;
        const map = new Float64Array(n);
        const mask = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          mask[i] = rand() < 0.2 ? 1 : 0;
          map[i] = Math.min(1, Math.max(0, 0.4 + 0.25 * mask[i] + 0.3 * (rand() - 0.5)));
        }
        acc.add(map, mask);
        exact.add(map, mask);
      }
      const { auroc: binned, errorBound } = acc.result();
      expect(Math.abs(binned - exact.auroc())).toBeLessThanOrEqual(errorBound + 1e-15);
      if (bins === 65536) expect(errorBound).toBeLessThan(1e-3);
    }
  });

  it('clamps scores outside the range and reports them', () => {
    const acc = new BinnedAurocAccumulator({ bins: 2, min: 0, max: 1 });
    acc.add([-1, 1, 2, 0.2], [0, 1, 1, 0]);
    // -1 -> bin 0 (clamped), 1 -> bin 1 (the top of the range is not clamped), 2 -> bin 1 (clamped).
    expect(acc.result()).toEqual({ auroc: 1, errorBound: 0, clamped: 2 });
  });

  it('rejects bad options and input', () => {
    expect(() => new BinnedAurocAccumulator({ bins: 0, min: 0, max: 1 })).toThrow(/bins/);
    expect(() => new BinnedAurocAccumulator({ min: 1, max: 1 })).toThrow(/min < max/);
    const acc = new BinnedAurocAccumulator({ min: 0, max: 1 });
    expect(() => acc.add([0.1, Infinity], [0, 1])).toThrow(/index 1 is Infinity/);
    expect(() => acc.result()).toThrow(/only one class/);
  });
});
