/**
 * Confusion counts and intersection-over-union (Jaccard index) of a thresholded score map against a
 * ground-truth mask, pooled over any number of pixels or images.
 */
import { ConfusionCounts } from './sorted-scores';
import { CoverageMask, countCovered, isCovered } from './coverage';
import { checkLengths, LabelLike, MetricError, readMask, throwNonFinite } from './validate';

/**
 * Counts of the prediction `score >= threshold` against `truth` (a value > 0 or `true` is positive, as the
 * reference's GT = mask > 0; image labels 0/1 work the same way), over the pixels `covered` marks (default
 * all; see {@link CoverageMask}). One pass, no allocation. Throws {@link MetricError} on empty input, a
 * length mismatch, a NaN threshold or a NaN/infinite counted score.
 */
export function confusionAt(
  scores: ArrayLike<number>,
  truth: LabelLike,
  threshold: number,
  covered?: CoverageMask,
): ConfusionCounts {
  const where = 'confusionAt';
  checkLengths(where, scores, truth);
  if (Number.isNaN(threshold)) throw new MetricError(`${where}: threshold is NaN`);
  countCovered(where, covered, scores.length);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!isCovered(covered, i)) continue;
    const s = scores[i];
    if (!Number.isFinite(s)) throwNonFinite(where, i, s);
    const positive = readMask(where, truth, i);
    if (s >= threshold) {
      if (positive) tp++;
      else fp++;
    } else if (positive) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * IoU = TP / (TP + FP + FN) from confusion counts. Throws {@link MetricError} when it is undefined
 * (no positive pixels in either the prediction or the truth).
 */
export function iouFromCounts(counts: ConfusionCounts): number {
  const denominator = counts.tp + counts.fp + counts.fn;
  if (denominator === 0) {
    throw new MetricError('iou: undefined, neither the prediction nor the ground truth has a positive pixel');
  }
  return counts.tp / denominator;
}

/**
 * IoU (Jaccard index) of `map >= threshold` against `mask > 0`, over all values given or those `covered`
 * marks (concatenate or use {@link IouAccumulator} to pool several images, as the reference does). Throws
 * {@link MetricError} on invalid input or when IoU is undefined.
 *
 * @example
 * ```ts
 * iou([0.9, 0.8, 0.1, 0.7], [1, 1, 0, 0], 0.5); // TP 2, FP 1, FN 0 -> 2/3
 * ```
 */
export function iou(map: ArrayLike<number>, mask: LabelLike, threshold: number, covered?: CoverageMask): number {
  return iouFromCounts(confusionAt(map, mask, threshold, covered));
}

/** Pools confusion counts at one fixed threshold over images added one at a time; IoU of the pooled counts. */
export class IouAccumulator {
  private tp = 0;
  private fp = 0;
  private tn = 0;
  private fn = 0;

  /** @param threshold prediction: score >= threshold. */
  constructor(readonly threshold: number) {
    if (Number.isNaN(threshold)) throw new MetricError('IouAccumulator: threshold is NaN');
  }

  /** Adds one image's score map and its mask (same length; mask > 0 is anomalous), only `covered` pixels if given. */
  add(map: ArrayLike<number>, mask: LabelLike, covered?: CoverageMask): void {
    const c = confusionAt(map, mask, this.threshold, covered);
    this.tp += c.tp;
    this.fp += c.fp;
    this.tn += c.tn;
    this.fn += c.fn;
  }

  /** The pooled counts so far. */
  counts(): ConfusionCounts {
    return { tp: this.tp, fp: this.fp, tn: this.tn, fn: this.fn };
  }

  /** IoU of the pooled counts; throws {@link MetricError} when undefined. */
  iou(): number {
    return iouFromCounts(this.counts());
  }
}
