/**
 * Exact pixel-level AUROC over every pixel of every test image, streamed image by image.
 *
 * Memory: one typed array holding each pixel's score once (4 bytes a pixel with the default float32
 * storage). Anomalous pixels are written from the front and normal ones from the back of the same buffer,
 * so no label array is kept; at the end each part is sorted in place (no scratch array).
 */
import { sortScoresInPlace } from './bucket-sort';
import { aurocOfSorted } from './roc';
import { averagePrecisionOfSorted } from './average-precision';
import { SortedScores } from './sorted-scores';
import { evaluateOfSorted, ThresholdChoice, ThresholdEvaluation, youdenOfSorted } from './thresholds';
import { CoverageMask, countCovered, isCovered } from './coverage';
import { checkBothClasses, checkLengths, LabelLike, MetricError, readMask } from './validate';

/** Options of {@link PixelScoreAccumulator}. */
export interface PixelScoreAccumulatorOptions {
  /**
   * Total number of pixels expected. When given (and not exceeded) the buffer is allocated once and never
   * grows; otherwise it doubles as needed (briefly holding old and new buffers while copying).
   */
  readonly expectedPixels?: number;
  /**
   * Storage type of the scores. `'float32'` (default) halves the memory and is exact for float32 maps
   * (what tfjs produces); float64 scores are rounded to float32 first, which can only merge values closer
   * than float32 resolution into ties. `'float64'` keeps every value as given.
   */
  readonly precision?: 'float32' | 'float64';
}

/**
 * Collects pixel scores with their ground truth (mask > 0 = anomalous) image by image, then computes exact
 * pixel metrics over all of them: AUROC as scikit-learn's `roc_auc_score` on the pooled pixels, average
 * precision, and any threshold metric through {@link PixelScoreAccumulator.sorted}.
 *
 * @example
 * ```ts
 * const acc = new PixelScoreAccumulator({ expectedPixels: images.length * 256 * 256 });
 * for (const { map, mask } of images) acc.add(map, mask);
 * const pixelAuc = acc.auroc();
 * ```
 */
export class PixelScoreAccumulator {
  private buffer: Float32Array | Float64Array;
  private nPos = 0;
  private nNeg = 0;
  private images = 0;
  private isSorted = false;
  private readonly precision: 'float32' | 'float64';

  /** @param options capacity hint and storage precision. */
  constructor(options: PixelScoreAccumulatorOptions = {}) {
    const expected = options.expectedPixels ?? 1 << 16;
    if (!Number.isInteger(expected) || expected < 0) {
      throw new MetricError(`PixelScoreAccumulator: expectedPixels must be a non-negative integer, got ${expected}`);
    }
    this.precision = options.precision ?? 'float32';
    this.buffer = this.allocate(Math.max(expected, 1));
  }

  /** Number of anomalous (mask > 0) pixels added. */
  get positiveCount(): number {
    return this.nPos;
  }

  /** Number of normal pixels added. */
  get negativeCount(): number {
    return this.nNeg;
  }

  /** Number of images (calls to {@link add}) so far. */
  get imageCount(): number {
    return this.images;
  }

  /**
   * Adds one image: its score map and its ground-truth mask, flattened in the same order and of the same
   * length (mask value > 0 or `true` = anomalous). With `covered` (see {@link CoverageMask}) only the
   * pixels it marks are added; the others are not read. Throws {@link MetricError} naming the image and
   * index on a NaN/infinite counted score (or one beyond float32 range with float32 storage), a NaN mask
   * value, or a length mismatch; nothing is added then.
   */
  add(map: ArrayLike<number>, mask: LabelLike, covered?: CoverageMask): void {
    const where = `PixelScoreAccumulator.add (image ${this.images})`;
    checkLengths(where, map, mask);
    const n = map.length;
    this.reserve(countCovered(where, covered, n));
    // One pass writes into the free middle of the buffer; the counts change only once the whole image has
    // passed the checks, so a throw leaves the accumulator as it was.
    const buf = this.buffer;
    const round = this.precision === 'float32';
    let p = this.nPos;
    let q = buf.length - 1 - this.nNeg;
    for (let i = 0; i < n; i++) {
      if (!isCovered(covered, i)) continue;
      const s = map[i];
      // Round first, then `+ 0`, so that -0 (also from tiny negatives rounding to float32) is stored as 0.
      const v = (round ? Math.fround(s) : s) + 0;
      if (!Number.isFinite(v)) {
        const why = Number.isFinite(s) ? 'beyond float32 range' : 'not finite';
        throw new MetricError(`${where}: score at index ${i} is ${s} (${why}); scores must be finite`);
      }
      if (readMask(where, mask, i)) buf[p++] = v;
      else buf[q--] = v;
    }
    this.nPos = p;
    this.nNeg = buf.length - 1 - q;
    this.images++;
    this.isSorted = false;
  }

  /**
   * The pooled scores split by class and sorted ascending (views into the buffer, valid until the next
   * {@link add}). Throws {@link MetricError} if either class is missing.
   */
  sorted(): SortedScores {
    checkBothClasses('PixelScoreAccumulator', this.nPos, this.nNeg);
    const buf = this.buffer;
    const positives = buf.subarray(0, this.nPos);
    const negatives = buf.subarray(buf.length - this.nNeg);
    if (!this.isSorted) {
      sortScoresInPlace(positives);
      sortScoresInPlace(negatives);
      this.isSorted = true;
    }
    return { positives, negatives };
  }

  /** Exact pixel AUROC of everything added (scikit-learn's `roc_auc_score` on the pooled pixels). */
  auroc(): number {
    return aurocOfSorted(this.sorted());
  }

  /** Exact pixel average precision of everything added (scikit-learn's `average_precision_score`). */
  averagePrecision(): number {
    return averagePrecisionOfSorted(this.sorted());
  }

  /**
   * The reference's IoU threshold: Youden's J on these pixels with their own ground truth, labelled
   * `'youden-oracle'` (optimistic when reported on the same pixels).
   */
  youdenOracleThreshold(): ThresholdChoice {
    return { method: 'youden-oracle', criterion: 'youden', threshold: youdenOfSorted(this.sorted()).threshold };
  }

  /**
   * Applies a chosen threshold to every pixel added (binary search on the sorted scores): counts, rates, F1
   * and IoU, with the choice's method.
   */
  evaluate(choice: ThresholdChoice): ThresholdEvaluation {
    if (Number.isNaN(choice.threshold)) throw new MetricError('PixelScoreAccumulator.evaluate: threshold is NaN');
    return evaluateOfSorted(choice, this.sorted());
  }

  private allocate(n: number): Float32Array | Float64Array {
    return this.precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
  }

  private reserve(extra: number): void {
    const old = this.buffer;
    const needed = this.nPos + this.nNeg + extra;
    if (needed <= old.length) return;
    const next = this.allocate(Math.max(needed, 2 * old.length));
    next.set(old.subarray(0, this.nPos), 0);
    next.set(old.subarray(old.length - this.nNeg), next.length - this.nNeg);
    this.buffer = next;
  }
}

/** Options of {@link pixelAuroc}. */
export interface PixelAurocOptions extends Pick<PixelScoreAccumulatorOptions, 'precision'> {
  /** Pixels to count (see {@link CoverageMask}); default all. */
  readonly covered?: CoverageMask;
}

/**
 * Exact AUROC of pixel `scores` against a ground-truth `mask` (> 0 or `true` = anomalous), e.g. every pixel
 * of every test image concatenated, over the pixels `options.covered` marks (default all). Extra memory:
 * one Float32Array of the scores (see {@link PixelScoreAccumulator} to stream images without concatenating
 * them first).
 */
export function pixelAuroc(scores: ArrayLike<number>, mask: LabelLike, options: PixelAurocOptions = {}): number {
  checkLengths('pixelAuroc', scores, mask);
  const acc = new PixelScoreAccumulator({ expectedPixels: scores.length, precision: options.precision });
  acc.add(scores, mask, options.covered);
  return acc.auroc();
}
