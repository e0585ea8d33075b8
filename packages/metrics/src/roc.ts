/**
 * ROC curve and AUROC, matching scikit-learn's `roc_curve` and `roc_auc_score` for binary labels.
 */
import { checkSorted, SortedScores, sortByClass, walkThresholds } from './sorted-scores';
import { LabelLike } from './validate';

/** Points of a ROC curve, ordered by decreasing threshold (increasing FPR and TPR). */
export interface RocCurve {
  /** False-positive rate at each threshold: FP / negatives. Starts at 0. */
  readonly fpr: Float64Array;
  /** True-positive rate at each threshold: TP / positives. Starts at 0. */
  readonly tpr: Float64Array;
  /**
   * Thresholds, decreasing; a sample is predicted novel when its score >= threshold. The first one is
   * `Infinity` (nothing predicted novel), as in scikit-learn >= 1.3.
   */
  readonly thresholds: Float64Array;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * Drop points that do not change the curve's shape, with scikit-learn's exact rule (a point is dropped when
   * the second differences of both the FP and TP counts are zero there). Default `true`, as scikit-learn.
   * The area is the same either way.
   */
  readonly dropIntermediate?: boolean;
}

/**
 * ROC curve of `scores` against `labels` (1 or `true` = novel, the positive class). Tied scores form one
 * point, as in scikit-learn. Throws {@link MetricError} on invalid input.
 */
export function rocCurve(scores: ArrayLike<number>, labels: LabelLike, options: RocCurveOptions = {}): RocCurve {
  return rocCurveOfSorted(sortByClass(scores, labels, 'rocCurve'), options);
}

/** {@link rocCurve} from scores already split by class and sorted ({@link SortedScores}); checks them first. */
export function rocCurveFromSorted(sorted: SortedScores, options: RocCurveOptions = {}): RocCurve {
  checkSorted('rocCurveFromSorted', sorted);
  return rocCurveOfSorted(sorted, options);
}

function rocCurveOfSorted(sorted: SortedScores, options: RocCurveOptions): RocCurve {
  let count = 0;
  walkThresholds(sorted, () => {
    count++;
  });
  const tps = new Float64Array(count);
  const fps = new Float64Array(count);
  const thr = new Float64Array(count);
  let k = 0;
  walkThresholds(sorted, (t, tp, fp) => {
    tps[k] = tp;
    fps[k] = fp;
    thr[k] = t;
    k++;
  });
  let keep: Uint32Array | null = null;
  if ((options.dropIntermediate ?? true) && count > 2) {
    const kept = new Uint32Array(count);
    let m = 0;
    kept[m++] = 0;
    for (let i = 1; i < count - 1; i++) {
      const d2fp = fps[i - 1] - 2 * fps[i] + fps[i + 1];
      const d2tp = tps[i - 1] - 2 * tps[i] + tps[i + 1];
      if (d2fp !== 0 || d2tp !== 0) kept[m++] = i;
    }
    kept[m++] = count - 1;
    keep = kept.subarray(0, m);
  }
  const m = keep === null ? count : keep.length;
  const nPos = sorted.positives.length;
  const nNeg = sorted.negatives.length;
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const thresholds = new Float64Array(m + 1);
  thresholds[0] = Infinity;
  for (let r = 0; r < m; r++) {
    const i = keep === null ? r : keep[r];
    fpr[r + 1] = fps[i] / nNeg;
    tpr[r + 1] = tps[i] / nPos;
    thresholds[r + 1] = thr[i];
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the ROC curve, equal to scikit-learn's `roc_auc_score(labels, scores)` for binary labels:
 * the trapezoidal area of the full ROC curve, which is the Mann-Whitney statistic
 * P(score of a novel sample > score of a normal one) with ties counted as one half.
 *
 * `labels`: 1 or `true` = novel (positive), 0 or `false` = normal. O(n log n) time (two in-place typed-array
 * sorts), 8 bytes of extra memory per score. Throws {@link MetricError} on empty input, a length mismatch,
 * a NaN or infinite score (naming its index), a label other than 0/1/false/true, or a single class.
 *
 * @example
 * ```ts
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * ```
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  return aurocOfSorted(sortByClass(scores, labels, 'auroc'));
}

/** {@link auroc} from scores already split by class and sorted ({@link SortedScores}); checks them first. */
export function aurocFromSorted(sorted: SortedScores): number {
  checkSorted('aurocFromSorted', sorted);
  return aurocOfSorted(sorted);
}

/**
 * @internal Unchecked {@link aurocFromSorted} for callers that built `sorted` themselves.
 * The area, computed as the sum over tie groups of negatives x (positives ranked above + half the tied
 * positives). Twice the sum is an integer, so it is exact while 2 * positives * negatives < 2^53 (about
 * 6.7e7 x 6.7e7 samples); above that the float64 rounding is below 1e-15 relative.
 */
export function aurocOfSorted(sorted: SortedScores): number {
  let twiceArea = 0;
  walkThresholds(sorted, (_t, tp, _fp, dtp, dfp) => {
    if (dfp !== 0) twiceArea += dfp * (2 * tp - dtp);
  });
  return twiceArea / (2 * sorted.positives.length * sorted.negatives.length);
}
