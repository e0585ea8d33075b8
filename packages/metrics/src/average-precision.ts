/**
 * Precision-recall curve and average precision (AUPRC), matching scikit-learn's `precision_recall_curve`
 * and `average_precision_score` for binary labels.
 */
import { checkSorted, SortedScores, sortByClass, walkThresholds } from './sorted-scores';
import { LabelLike, MetricError } from './validate';

/**
 * Points of a precision-recall curve in scikit-learn's order: increasing threshold, so decreasing recall,
 * ending with the extra point precision 1, recall 0 (which has no threshold).
 */
export interface PrecisionRecallCurve {
  /** TP / (TP + FP) at each threshold, then a final 1. */
  readonly precision: Float64Array;
  /** TP / positives at each threshold, then a final 0. */
  readonly recall: Float64Array;
  /** The distinct scores, increasing (one fewer than `precision`); predicted novel when score >= threshold. */
  readonly thresholds: Float64Array;
}

/**
 * Precision-recall curve of `scores` against `labels` (1 or `true` = novel), one point per distinct score
 * (scikit-learn's `drop_intermediate=False`), plus the final (recall 0, precision 1) point.
 * Throws {@link MetricError} on invalid input.
 */
export function precisionRecallCurve(scores: ArrayLike<number>, labels: LabelLike): PrecisionRecallCurve {
  return precisionRecallCurveOfSorted(sortByClass(scores, labels, 'precisionRecallCurve'));
}

/** {@link precisionRecallCurve} from scores already split by class and sorted; checks them first. */
export function precisionRecallCurveFromSorted(sorted: SortedScores): PrecisionRecallCurve {
  checkSorted('precisionRecallCurveFromSorted', sorted);
  return precisionRecallCurveOfSorted(sorted);
}

function precisionRecallCurveOfSorted(sorted: SortedScores): PrecisionRecallCurve {
  let count = 0;
  walkThresholds(sorted, () => {
    count++;
  });
  const precision = new Float64Array(count + 1);
  const recall = new Float64Array(count + 1);
  const thresholds = new Float64Array(count);
  const nPos = sorted.positives.length;
  // The walk runs from the highest threshold down; fill from the end so the output is increasing.
  let k = count - 1;
  walkThresholds(sorted, (t, tp, fp) => {
    precision[k] = tp / (tp + fp);
    recall[k] = tp / nPos;
    thresholds[k] = t;
    k--;
  });
  precision[count] = 1;
  recall[count] = 0;
  return { precision, recall, thresholds };
}

/**
 * Average precision, equal to scikit-learn's `average_precision_score(labels, scores)`:
 * sum over thresholds of (R_n - R_{n-1}) * P_n, the step-wise area under the PR curve with no
 * interpolation. Tied scores form one step. Throws {@link MetricError} on invalid input.
 *
 * @example
 * ```ts
 * averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.8333...
 * ```
 */
export function averagePrecision(scores: ArrayLike<number>, labels: LabelLike): number {
  return averagePrecisionOfSorted(sortByClass(scores, labels, 'averagePrecision'));
}

/** {@link averagePrecision} from scores already split by class and sorted; checks them first. */
export function averagePrecisionFromSorted(sorted: SortedScores): number {
  checkSorted('averagePrecisionFromSorted', sorted);
  return averagePrecisionOfSorted(sorted);
}

/** @internal Unchecked {@link averagePrecisionFromSorted}. */
export function averagePrecisionOfSorted(sorted: SortedScores): number {
  let sum = 0;
  walkThresholds(sorted, (_t, tp, fp, dtp) => {
    if (dtp !== 0) sum += (dtp * tp) / (tp + fp);
  });
  return sum / sorted.positives.length;
}

/**
 * Trapezoidal area under a precision-recall curve, scikit-learn's `auc(recall, precision)`: what the
 * reference reports as pixel AUPRC ("Seg_PRC"). Linear interpolation between PR points is known to be
 * optimistic; prefer {@link averagePrecision}. Provided to reproduce the reference's numbers.
 */
export function precisionRecallTrapezoidArea(curve: PrecisionRecallCurve): number {
  const { precision, recall } = curve;
  if (precision.length !== recall.length || precision.length < 2) {
    throw new MetricError('precisionRecallTrapezoidArea: need precision and recall of equal length >= 2');
  }
  let area = 0;
  for (let i = 1; i < recall.length; i++) {
    area += ((recall[i - 1] - recall[i]) * (precision[i - 1] + precision[i])) / 2;
  }
  return area;
}
