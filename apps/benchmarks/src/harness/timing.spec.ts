import { median, quantile, time } from './timing';

describe('timing statistics', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('nearest-rank quantiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(quantile(values, 0.95)).toBe(19);
    expect(quantile(values, 1)).toBe(20);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('rejects empty samples', () => {
    expect(() => median([])).toThrow(/empty/);
    expect(() => quantile([], 0.5)).toThrow(/empty/);
  });

  it('runs warm-up and timed repetitions', async () => {
    let calls = 0;
    const timing = await time(async () => {
      calls++;
    }, { warmup: 2, reps: 5 });
    expect(calls).toBe(7);
    expect(timing.samplesMs).toHaveLength(5);
    expect(timing.p95Ms).toBeGreaterThanOrEqual(timing.medianMs);
  });
});
