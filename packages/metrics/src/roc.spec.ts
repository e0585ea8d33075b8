import { auroc, aurocFromSorted, rocCurve } from './roc';
import { sortByClass } from './sorted-scores';
import { pairwiseAuroc, randomTiedData, seededRandom } from './test-utils/reference';
import { MetricError } from './validate';

function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

describe('auroc', () => {
  it('matches the scikit-learn documentation example', () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75 in scikit-learn's docs.
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('counts a tie between a novel and a normal score as one half', () => {
    // Novel {0.5, 0.9}, normal {0.5, 0.2}: pairs (0.5,0.5)=1/2, (0.5,0.2)=1, (0.9,0.5)=1, (0.9,0.2)=1 -> 3.5/4.
    expect(auroc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(0.875);
    // All scores equal: every pair is a tie -> 1/2.
    expect(auroc([3, 3, 3, 3, 3], [1, 0, 1, 0, 0])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auroc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
  });

  it('accepts boolean labels and typed arrays, and treats -0 as 0', () => {
    expect(auroc(new Float32Array([0.1, 0.4, 0.35, 0.8]), [false, false, true, true])).toBe(0.75);
    expect(auroc([-0, 0], new Uint8Array([1, 0]))).toBe(0.5);
  });

  it('equals the brute-force pairwise Mann-Whitney statistic on random data with many ties', () => {
    const rand = seededRandom(7);
    for (let trial = 0; trial < 30; trial++) {
      const n = 50 + Math.floor(rand() * 400);
      const levels = 1 + Math.floor(rand() * 20);
      const { scores, labels } = randomTiedData(rand, n, levels, 0.1 + 0.8 * rand());
      if (labels.every((l) => l === labels[0])) continue;
      expect(auroc(scores, labels)).toBeCloseTo(pairwiseAuroc(scores, labels), 14);
    }
  });

  it('agrees with aurocFromSorted', () => {
    const sorted = sortByClass([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(aurocFromSorted(sorted)).toBe(0.75);
  });

  it('rejects a hand-built SortedScores that is not sorted', () => {
    expect(() => aurocFromSorted({ positives: new Float64Array([2, 1]), negatives: new Float64Array([0]) })).toThrow(
      /not sorted/,
    );
  });

  describe('bad input', () => {
    it('names the index of the first NaN or infinite score', () => {
      expect(() => auroc([0.1, NaN, 0.3], [0, 1, 1])).toThrow(new MetricError('auroc: score at index 1 is NaN; scores must be finite numbers'));
      expect(() => auroc([0.1, 0.2, Infinity], [0, 1, 1])).toThrow(/index 2 is Infinity/);
      expect(() => auroc([-Infinity, 0.2], [0, 1])).toThrow(/index 0 is -Infinity/);
    });

    it('rejects labels of another length', () => {
      expect(() => auroc([0.1, 0.2, 0.3], [0, 1])).toThrow(/differ in length \(3 scores, 2 labels\)/);
    });

    it('rejects a single class', () => {
      expect(() => auroc([0.1, 0.2], [1, 1])).toThrow(/only one class present/);
      expect(() => auroc([0.1, 0.2], [false, false])).toThrow(/only one class present/);
    });

    it('rejects empty input', () => {
      expect(() => auroc([], [])).toThrow(/empty input/);
    });

    it('rejects labels other than 0/1/false/true', () => {
      expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(/label at index 1 is 2/);
    });

    it('throws MetricError', () => {
      expect(() => auroc([], [])).toThrow(MetricError);
    });
  });
});

describe('rocCurve', () => {
  it('matches the scikit-learn documentation example', () => {
    // sklearn.metrics.roc_curve docs: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], thresholds [inf, .8, .4, .35, .1].
    const { fpr, tpr, thresholds } = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('groups ties into one point', () => {
    // Scores 0.5 (novel), 0.5 (normal), 0.2 (normal), 0.9 (novel): thresholds inf, 0.9, 0.5, 0.2.
    const { fpr, tpr, thresholds } = rocCurve([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1], { dropIntermediate: false });
    expect(Array.from(thresholds)).toEqual([Infinity, 0.9, 0.5, 0.2]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 1, 1]);
  });

  it('drops intermediate points with scikit-learn rule', () => {
    // Descending: 5,4 novel, then 3,2,1 normal. tps [1,2,2,2,2], fps [0,0,1,2,3]; the second differences of
    // both are zero at the points for 3 and 2, so those are dropped.
    const scores = [1, 2, 3, 4, 5];
    const labels = [0, 0, 0, 1, 1];
    const dropped = rocCurve(scores, labels);
    expect(Array.from(dropped.thresholds)).toEqual([Infinity, 5, 4, 1]);
    expect(Array.from(dropped.fpr)).toEqual([0, 0, 0, 1]);
    expect(Array.from(dropped.tpr)).toEqual([0, 0.5, 1, 1]);
    const full = rocCurve(scores, labels, { dropIntermediate: false });
    expect(Array.from(full.thresholds)).toEqual([Infinity, 5, 4, 3, 2, 1]);
  });

  it('has a trapezoidal area equal to auroc, with or without dropped points', () => {
    const rand = seededRandom(11);
    const { scores, labels } = randomTiedData(rand, 500, 13, 0.3);
    const expected = auroc(scores, labels);
    const full = rocCurve(scores, labels, { dropIntermediate: false });
    const dropped = rocCurve(scores, labels);
    expect(dropped.fpr.length).toBeLessThanOrEqual(full.fpr.length);
    expect(trapezoid(full.fpr, full.tpr)).toBeCloseTo(expected, 14);
    expect(trapezoid(dropped.fpr, dropped.tpr)).toBeCloseTo(expected, 14);
  });
});
