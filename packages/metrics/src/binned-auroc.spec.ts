import { BinnedAurocAccumulator } from './binned-auroc';
import { PixelScoreAccumulator } from './pixel-auroc';
import { seededRandom } from './test-utils/reference';

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

  it('counts only covered pixels', () => {
    // Covered as in the first case (AUROC 1); the uncovered normal 5 would be clamped and win every pair.
    const acc = new BinnedAurocAccumulator({ bins: 4, min: 0, max: 1 });
    acc.add([0.9, 0.1, 0.6, 0.3, 5, NaN], [1, 0, 1, 0, 0, 1], [1, 1, 1, 1, 0, 0]);
    expect(acc.result()).toEqual({ auroc: 1, errorBound: 0, clamped: 0 });
    expect(() => acc.add([0.1], [0], [1, 1])).toThrow(/coverage mask has 2 values/);
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
