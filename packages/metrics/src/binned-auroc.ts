/**
 * Approximate AUROC from score histograms, for streaming with memory independent of the number of pixels.
 *
 * Error bound: bins are a monotone map of the scores, so a (novel, normal) pair in different bins is ordered
 * exactly as by the scores themselves; only pairs that share a bin are counted as ties (one half) where the
 * exact AUROC counts 0, 1/2 or 1. Hence
 *
 *   |binned AUROC - exact AUROC| <= 0.5 * sum_b pos_b * neg_b / (positives * negatives),
 *
 * which {@link BinnedAurocAccumulator.result} reports as `errorBound`. It is a guarantee for the data seen,
 * not an estimate. If the exact AUROC is needed, use {@link PixelScoreAccumulator}.
 */
import { CoverageMask, countCovered, isCovered } from './coverage';
import { checkLengths, checkBothClasses, LabelLike, MetricError, readMask, throwNonFinite } from './validate';

/** Options of {@link BinnedAurocAccumulator}. */
export interface BinnedAurocOptions {
  /** Number of equal-width bins over [min, max]. Default 65536. */
  readonly bins?: number;
  /** Lower end of the score range (e.g. 0 for min-max normalised maps). Scores below it go to the first bin. */
  readonly min: number;
  /** Upper end of the score range. Scores above it go to the last bin. */
  readonly max: number;
}

/** A binned AUROC with its guaranteed error bound. */
export interface BinnedAuroc {
  /** AUROC of the histograms (ties within a bin count one half). */
  readonly auroc: number;
  /** Guaranteed bound on |auroc - exact AUROC| for the data added. */
  readonly errorBound: number;
  /** Scores that fell outside [min, max] and were clamped to an end bin (still covered by the bound). */
  readonly clamped: number;
}

/**
 * Streams score maps and masks (mask > 0 = anomalous) into two histograms of `bins` equal-width bins;
 * memory is 16 bytes a bin, whatever the number of pixels.
 */
export class BinnedAurocAccumulator {
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private readonly min: number;
  private readonly max: number;
  private readonly scale: number;
  private clamped = 0;
  private images = 0;

  /** @param options bin count and score range. */
  constructor(options: BinnedAurocOptions) {
    const bins = options.bins ?? 65536;
    if (!Number.isInteger(bins) || bins < 1) {
      throw new MetricError(`BinnedAurocAccumulator: bins must be a positive integer, got ${bins}`);
    }
    if (!Number.isFinite(options.min) || !Number.isFinite(options.max) || !(options.max > options.min)) {
      throw new MetricError(
        `BinnedAurocAccumulator: need finite min < max, got min ${options.min}, max ${options.max}`,
      );
    }
    this.pos = new Float64Array(bins);
    this.neg = new Float64Array(bins);
    this.min = options.min;
    this.max = options.max;
    this.scale = bins / (options.max - options.min);
  }

  /**
   * Adds one image's score map and mask (same length), only the pixels `covered` marks if given (see
   * {@link CoverageMask}). Throws {@link MetricError} on bad input.
   */
  add(map: ArrayLike<number>, mask: LabelLike, covered?: CoverageMask): void {
    const where = `BinnedAurocAccumulator.add (image ${this.images})`;
    checkLengths(where, map, mask);
    countCovered(where, covered, map.length);
    for (let i = 0; i < map.length; i++) {
      if (!isCovered(covered, i)) continue;
      if (!Number.isFinite(map[i])) throwNonFinite(where, i, map[i]);
      readMask(where, mask, i);
    }
    const last = this.pos.length - 1;
    for (let i = 0; i < map.length; i++) {
      if (!isCovered(covered, i)) continue;
      const s = map[i];
      let b = Math.floor((s - this.min) * this.scale);
      if (b > last) {
        b = last;
        if (s > this.max) this.clamped++;
      } else if (b < 0) {
        b = 0;
        this.clamped++;
      }
      const m = mask[i];
      if (m === true || (m as number) > 0) this.pos[b]++;
      else this.neg[b]++;
    }
    this.images++;
  }

  /** The binned AUROC and its error bound. Throws {@link MetricError} if either class is missing. */
  result(): BinnedAuroc {
    let nPos = 0;
    let nNeg = 0;
    for (let b = 0; b < this.pos.length; b++) {
      nPos += this.pos[b];
      nNeg += this.neg[b];
    }
    checkBothClasses('BinnedAurocAccumulator', nPos, nNeg);
    let below = 0;
    let twiceArea = 0;
    let sameBin = 0;
    for (let b = 0; b < this.pos.length; b++) {
      twiceArea += this.pos[b] * (2 * below + this.neg[b]);
      sameBin += this.pos[b] * this.neg[b];
      below += this.neg[b];
    }
    const pairs = nPos * nNeg;
    return { auroc: twiceArea / (2 * pairs), errorBound: (0.5 * sameBin) / pairs, clamped: this.clamped };
  }
}
