import { fprThresholdLabel, thresholdForFalsePositiveRate } from './threshold';

describe('thresholdForFalsePositiveRate', () => {
  const scores = new Float32Array([0.1, 0.4, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);

  it('lets through at most the target share of normal scores (hand-checked)', () => {
    // 10 scores, rate 0.2: two may reach the threshold (1 and 0.9): midpoint of 0.8 and 0.9.
    expect(thresholdForFalsePositiveRate(scores, 0.2)).toBeCloseTo(0.85, 6);
    // Rate 0: above the maximum.
    expect(thresholdForFalsePositiveRate(scores, 0)).toBeGreaterThan(1);
    // Rate 0.25: still two (floor of 2.5).
    expect(thresholdForFalsePositiveRate(scores, 0.25)).toBeCloseTo(0.85, 6);
  });

  it('excludes tied scores rather than exceed the rate', () => {
    // Rate 0.5 of [1, 1, 1, 0]: two allowed, but three tie at 1, so the threshold sits above 1.
    expect(thresholdForFalsePositiveRate(new Float32Array([1, 1, 1, 0]), 0.5)).toBeGreaterThan(1);
  });

  it('rejects bad input', () => {
    expect(() => thresholdForFalsePositiveRate(new Float32Array(0), 0.1)).toThrow(/no scores/);
    expect(() => thresholdForFalsePositiveRate(scores, 1)).toThrow(/must be in \[0, 1\)/);
  });
});

describe('fprThresholdLabel', () => {
  it('names the rate as results and scorer files record it', () => {
    expect(fprThresholdLabel(0.05)).toBe('fpr<=0.05-on-selection');
    expect(fprThresholdLabel(0)).toBe('fpr<=0-on-selection');
  });
});
