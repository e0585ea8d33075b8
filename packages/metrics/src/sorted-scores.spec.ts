import { countsAtThreshold, lowerBound, sortByClass, walkThresholds } from './sorted-scores';

describe('sortByClass', () => {
  it('splits by label and sorts each class ascending, storing -0 as 0', () => {
    const { positives, negatives } = sortByClass([0.3, -0, 0.9, 0.1, 0.5], [1, 0, 1, 0, true]);
    expect(Array.from(positives)).toEqual([0.3, 0.5, 0.9]);
    expect(Array.from(negatives)).toEqual([0, 0.1]);
    expect(Object.is(negatives[0], 0)).toBe(true);
  });
});

describe('walkThresholds', () => {
  it('visits each distinct score once, highest first, with cumulative and per-tie counts', () => {
    // Novel 0.9, 0.5, 0.5; normal 0.5, 0.1. Thresholds 0.9: tp 1 fp 0; 0.5: tp 3 fp 1 (2 novel + 1 normal
    // tied); 0.1: tp 3 fp 2.
    const sorted = sortByClass([0.5, 0.9, 0.5, 0.1, 0.5], [1, 1, 0, 0, 1]);
    const visits: number[][] = [];
    walkThresholds(sorted, (t, tp, fp, dtp, dfp) => {
      visits.push([t, tp, fp, dtp, dfp]);
    });
    expect(visits).toEqual([
      [0.9, 1, 0, 1, 0],
      [0.5, 3, 1, 2, 1],
      [0.1, 3, 2, 0, 1],
    ]);
  });

  it('stops when the visitor returns true', () => {
    const sorted = sortByClass([3, 2, 1], [1, 0, 1]);
    const seen: number[] = [];
    walkThresholds(sorted, (t) => {
      seen.push(t);
      return t === 2;
    });
    expect(seen).toEqual([3, 2]);
  });
});

describe('countsAtThreshold', () => {
  it('counts score >= threshold by binary search', () => {
    const sorted = sortByClass([0.5, 0.9, 0.5, 0.1, 0.5], [1, 1, 0, 0, 1]);
    expect(countsAtThreshold(sorted, 0.5)).toEqual({ tp: 3, fp: 1, tn: 1, fn: 0 });
    expect(countsAtThreshold(sorted, 0.6)).toEqual({ tp: 1, fp: 0, tn: 2, fn: 2 });
    expect(countsAtThreshold(sorted, Infinity)).toEqual({ tp: 0, fp: 0, tn: 2, fn: 3 });
    expect(countsAtThreshold(sorted, -Infinity)).toEqual({ tp: 3, fp: 2, tn: 0, fn: 0 });
    expect(() => countsAtThreshold(sorted, NaN)).toThrow(/threshold is NaN/);
  });

  it('finds the first index not below the value', () => {
    const a = new Float64Array([1, 2, 2, 3]);
    expect([0, 1, 2, 2.5, 3, 4].map((t) => lowerBound(a, t))).toEqual([0, 0, 1, 3, 3, 4]);
  });
});
