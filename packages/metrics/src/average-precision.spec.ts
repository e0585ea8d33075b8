import {
  averagePrecision,
  averagePrecisionFromSorted,
  precisionRecallCurve,
  precisionRecallTrapezoidArea,
} from './average-precision';
import { sortByClass } from './sorted-scores';
import { naiveAveragePrecision, randomTiedData, seededRandom } from './test-utils/reference';

describe('averagePrecision', () => {
  it('matches the scikit-learn documentation example', () => {
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333... in scikit-learn's docs:
    // at 0.8 recall 1/2 with precision 1, at 0.35 recall 1 with precision 2/3 -> (1 + 2/3) / 2 = 5/6.
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 15);
  });

  it('takes a tie group as one step', () => {
    // Descending: 0.9 novel (precision 1/1), then {0.5 novel, 0.5 normal} together (precision 2/3) -> 5/6.
    expect(averagePrecision([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(5 / 6, 15);
    // Everything tied: one step, precision = prevalence 1/4.
    expect(averagePrecision([1, 1, 1, 1], [1, 0, 0, 0])).toBe(0.25);
  });

  it('equals the mean precision at each novel sample on random data with ties', () => {
    const rand = seededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const { scores, labels } = randomTiedData(rand, 300, 1 + Math.floor(rand() * 15), 0.4);
      if (labels.every((l) => l === labels[0])) continue;
      expect(averagePrecision(scores, labels)).toBeCloseTo(naiveAveragePrecision(scores, labels), 13);
      expect(averagePrecisionFromSorted(sortByClass(scores, labels))).toBe(averagePrecision(scores, labels));
    }
  });

  it('rejects bad input', () => {
    expect(() => averagePrecision([0.1, NaN], [0, 1])).toThrow(/index 1 is NaN/);
    expect(() => averagePrecision([0.1], [0, 1])).toThrow(/differ in length/);
    expect(() => averagePrecision([0.1, 0.2], [0, 0])).toThrow(/only one class/);
    expect(() => averagePrecision([], [])).toThrow(/empty/);
  });
});

describe('precisionRecallCurve', () => {
  it('matches the scikit-learn documentation example', () => {
    // precision_recall_curve docs: precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0],
    // thresholds [0.1, 0.35, 0.4, 0.8].
    const { precision, recall, thresholds } = precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(Array.from(precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('gives the trapezoidal area the reference reports', () => {
    // Segments of the curve above: recall 1->0.5 with precision 2/3->1/2 gives 0.5 * (7/6) / 2 = 7/24;
    // recall 0.5->0 with precision 1->1 gives 1/2; vertical segments add nothing. Total 19/24.
    const curve = precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(precisionRecallTrapezoidArea(curve)).toBeCloseTo(19 / 24, 15);
  });
});
