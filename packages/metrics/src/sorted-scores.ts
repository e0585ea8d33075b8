/**
 * Scores split by class and sorted: the one representation every threshold metric is computed from.
 *
 * Keeping the positive and negative scores in two typed arrays sorted ascending needs no index array, no
 * objects and no comparator callbacks: each array is sorted in place by value (see `bucket-sort.ts`). A descending merge of the two arrays then visits every distinct threshold once, with the
 * cumulative true- and false-positive counts, exactly as scikit-learn's `_binary_clf_curve` does.
 */
import { sortScoresInPlace, type ScoreArray } from './bucket-sort';
import { checkBothClasses, checkLengths, LabelLike, MetricError, readLabel, throwNonFinite } from './validate';

export type { ScoreArray } from './bucket-sort';

/** Novel (positive) and normal (negative) scores, each sorted ascending. Both are non-empty. */
export interface SortedScores {
  /** Scores of the novel samples (label 1), ascending. */
  readonly positives: ScoreArray;
  /** Scores of the normal samples (label 0), ascending. */
  readonly negatives: ScoreArray;
}

/**
 * Validates `scores`/`labels` and splits them by class into two ascending Float64Arrays (views of one
 * buffer of `scores.length` values).
 * Throws {@link MetricError} on empty input, a length mismatch, a NaN/infinite score (naming the first
 * index), a label other than 0/1/false/true, or a single class. `-0` is stored as `0`. `where` names the
 * caller in error messages.
 */
export function sortByClass(scores: ArrayLike<number>, labels: LabelLike, where = 'sortByClass'): SortedScores {
  checkLengths(where, scores, labels);
  const n = scores.length;
  // One pass: novel scores fill the buffer from the front, normal ones from the back.
  const buffer = new Float64Array(n);
  let p = 0;
  let q = n - 1;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) throwNonFinite(where, i, s);
    // `+ 0` turns -0 into 0 so that it ties with 0 in every comparison and in the reported thresholds.
    if (readLabel(where, labels, i)) buffer[p++] = s + 0;
    else buffer[q--] = s + 0;
  }
  checkBothClasses(where, p, n - p);
  const positives = buffer.subarray(0, p);
  const negatives = buffer.subarray(p);
  sortScoresInPlace(positives);
  sortScoresInPlace(negatives);
  return { positives, negatives };
}

/**
 * Checks that `sorted` holds two non-empty ascending arrays of finite values (for callers that build a
 * {@link SortedScores} themselves).
 */
export function checkSorted(where: string, sorted: SortedScores): void {
  checkBothClasses(where, sorted.positives.length, sorted.negatives.length);
  for (const [name, a] of [
    ['positives', sorted.positives],
    ['negatives', sorted.negatives],
  ] as const) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throwNonFinite(`${where} (${name})`, i, a[i]);
      if (i > 0 && a[i] < a[i - 1]) {
        throw new MetricError(`${where}: ${name} are not sorted ascending at index ${i}`);
      }
    }
  }
}

/**
 * Called once per distinct threshold, from the highest score down. `tp`/`fp` count the positives/negatives
 * with score >= `threshold`; `dtp`/`dfp` are how many of them have score exactly `threshold`.
 * Return `true` to stop the walk early.
 */
export type ThresholdVisitor = (threshold: number, tp: number, fp: number, dtp: number, dfp: number) => boolean | void;

/** Visits every distinct score, highest first, with cumulative counts (see {@link ThresholdVisitor}). */
export function walkThresholds(sorted: SortedScores, visit: ThresholdVisitor): void {
  const pos = sorted.positives;
  const neg = sorted.negatives;
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    let v: number;
    if (i < 0) v = neg[j];
    else if (j < 0) v = pos[i];
    else v = pos[i] > neg[j] ? pos[i] : neg[j];
    let dtp = 0;
    while (i >= 0 && pos[i] === v) {
      dtp++;
      i--;
    }
    let dfp = 0;
    while (j >= 0 && neg[j] === v) {
      dfp++;
      j--;
    }
    tp += dtp;
    fp += dfp;
    if (visit(v, tp, fp, dtp, dfp) === true) return;
  }
}

/** Index of the first element of ascending `a` that is >= `t` (`a.length` if none). */
export function lowerBound(a: ScoreArray, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Confusion counts of the prediction `score >= threshold` against the labels. */
export interface ConfusionCounts {
  /** Novel samples predicted novel. */
  readonly tp: number;
  /** Normal samples predicted novel. */
  readonly fp: number;
  /** Normal samples predicted normal. */
  readonly tn: number;
  /** Novel samples predicted normal. */
  readonly fn: number;
}

/** Confusion counts at `threshold` (prediction: score >= threshold), by binary search: O(log n). */
export function countsAtThreshold(sorted: SortedScores, threshold: number): ConfusionCounts {
  if (Number.isNaN(threshold)) throw new MetricError('countsAtThreshold: threshold is NaN');
  const nPos = sorted.positives.length;
  const nNeg = sorted.negatives.length;
  const tp = nPos - lowerBound(sorted.positives, threshold);
  const fp = nNeg - lowerBound(sorted.negatives, threshold);
  return { tp, fp, tn: nNeg - fp, fn: nPos - tp };
}
