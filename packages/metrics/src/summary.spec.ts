import { percentIncrease, summarize, summarizeSeedsByClass } from './summary';

describe('summarize', () => {
  it('gives the mean and the sample standard deviation', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squared deviations sum 32, sample variance 32/7.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect([s.n, s.min, s.max]).toEqual([8, 2, 9]);
  });

  it('leaves the standard deviation of one value undefined', () => {
    expect(summarize([0.7])).toEqual({ n: 1, mean: 0.7, std: null, min: 0.7, max: 0.7 });
  });

  it('rejects empty and non-finite input', () => {
    expect(() => summarize([])).toThrow(/empty/);
    expect(() => summarize([1, NaN])).toThrow(/index 1 is NaN/);
  });
});

describe('summarizeSeedsByClass', () => {
  it('averages classes per seed, then summarises across seeds and per class', () => {
    // Seed 0: classes 0.8, 0.6 -> 0.7; seed 1: 0.9, 0.7 -> 0.8. Across seeds: mean 0.75, std sqrt(0.005).
    const r = summarizeSeedsByClass([
      [0.8, 0.6],
      [0.9, 0.7],
    ]);
    expect(Array.from(r.perSeedMean)).toEqual([0.7, 0.8]);
    expect(r.acrossSeeds.mean).toBeCloseTo(0.75, 15);
    expect(r.acrossSeeds.std).toBeCloseTo(Math.sqrt(0.005), 15);
    expect(r.perClass[0].mean).toBeCloseTo(0.85, 15);
    expect(r.perClass[1].mean).toBeCloseTo(0.65, 15);
    expect(r.perClass[0].std).toBeCloseTo(Math.sqrt(0.005), 15);
  });

  it('rejects empty and ragged tables', () => {
    expect(() => summarizeSeedsByClass([])).toThrow(/no seeds/);
    expect(() => summarizeSeedsByClass([[]])).toThrow(/no classes/);
    expect(() => summarizeSeedsByClass([[1, 2], [3]])).toThrow(/seed row 1 has 1 classes/);
  });
});

describe('percentIncrease', () => {
  it('uses the paper definition 100 * (1 - baseline / nln)', () => {
    // baseline 0.8, NLN 0.9: 100 * (1 - 0.8/0.9) = 100/9 = 11.11 (not (0.9 - 0.8)/0.8 = 12.5).
    expect(percentIncrease(0.8, 0.9)).toBeCloseTo(100 / 9, 12);
    expect(percentIncrease(0.5, 0.5)).toBe(0);
  });

  it('rejects a zero NLN score and non-finite values', () => {
    expect(() => percentIncrease(0.5, 0)).toThrow(/denominator/);
    expect(() => percentIncrease(NaN, 0.5)).toThrow(/finite/);
  });
});
