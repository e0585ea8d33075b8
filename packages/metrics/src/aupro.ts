/**
 * AUPRO: the area under the per-region-overlap (PRO) curve up to a false-positive rate of 30%, normalised by
 * 0.3, as defined by the MVTec-AD authors (Bergmann et al., IJCV 2021) and computed by their evaluation code.
 *
 * Definition, for the pooled test set:
 * - regions: the 8-connected components of every ground-truth mask (mask > 0), over all images;
 * - at threshold t (anomalous when score >= t): PRO(t) = mean over all regions of the fraction of the region's
 *   pixels scored anomalous; FPR(t) = fraction of all normal pixels (mask = 0, all images, defect-free images
 *   included) scored anomalous;
 * - the curve runs through every distinct score as a threshold (no sampling), from (0, 0) at t = +Infinity;
 *   tied scores form one step;
 * - AUPRO = trapezoidal integral of PRO over FPR in [0, maxFpr], with PRO linearly interpolated at maxFpr,
 *   divided by maxFpr (default 0.3). A perfect map scores 1.
 *
 * With a coverage mask (see {@link CoverageMask}; e.g. the pixels a patch grid covers) only covered pixels
 * count. Regions are then the ground-truth components found on the **whole** mask, each restricted to its
 * covered pixels: a defect cut by the border is one region of its covered size, even where its covered parts
 * only touch through the uncovered border, and a region with no covered pixel is no region at all. (Labelling
 * `mask AND covered` instead would split such a defect into several regions and weight it more.)
 *
 * Scores are held as float32 (like the maps tfjs produces). Memory: 4 bytes per normal pixel and 8 bytes per
 * anomalous pixel; each group is sorted in place by value (anomalous pixels as float64 keys packing an
 * order-preserving integer copy of the float32 score with the index of the region's size class, so no
 * comparator or index array is needed).
 */
import { sortScoresInPlace } from './bucket-sort';
import { labelComponents } from './connected-components';
import { CoverageMask, countCovered, isCovered } from './coverage';
import { orderKeyOf, scoreOfOrderKey } from './float-order-key';
import type { SortedScores } from './sorted-scores';
import { checkBothClasses, checkLengths, LabelLike, MetricError } from './validate';

/** One test image for {@link aupro}: a score map and its ground-truth mask, row-major, same size. */
export interface AuproImage {
  /** Anomaly scores, `width * height` values. */
  readonly map: ArrayLike<number>;
  /** Ground truth, `width * height` values; > 0 or `true` = anomalous. */
  readonly mask: LabelLike;
  /** Image width in pixels. */
  readonly width: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Pixels to count (see {@link CoverageMask}); default all. */
  readonly covered?: CoverageMask;
}

/** Result of {@link aupro}. */
export interface AuproResult {
  /** Normalised area under the PRO curve up to `maxFpr`, in [0, 1]. */
  readonly aupro: number;
  /** The integration limit used. */
  readonly maxFpr: number;
  /** Number of ground-truth regions (8-connected components) over all images. */
  readonly regions: number;
  /** Number of normal pixels. */
  readonly normalPixels: number;
  /** Number of anomalous pixels. */
  readonly anomalousPixels: number;
}

/** Options of {@link AuproAccumulator}. */
export interface AuproOptions {
  /** Integration limit on the FPR axis, in (0, 1]. Default 0.3. */
  readonly maxFpr?: number;
}

/** Options of {@link AuproAccumulator}. */
export interface AuproAccumulatorOptions {
  /**
   * Counted pixels expected in all (normal and anomalous). When given, the normal pixels' buffer is
   * allocated once at that size and grows only if it is exceeded; otherwise it doubles as needed (briefly
   * holding old and new buffers while copying).
   */
  readonly expectedPixels?: number;
}

const SIZE_CLASS_BITS = 2 ** 21;

/**
 * Collects score maps and masks image by image; {@link AuproAccumulator.result} computes the AUPRO, and
 * {@link AuproAccumulator.sorted} gives the same pixels to the pixel AUROC and threshold metrics, so one map
 * needs one accumulator.
 */
export class AuproAccumulator {
  private negatives: Float32Array;
  private nNeg = 0;
  private positiveKeys = new Float64Array(1 << 12);
  private nPos = 0;
  private regions = 0;
  private images = 0;
  private isSorted = false;
  /** Distinct region sizes seen, and for each its index (the size class packed into the keys). */
  private readonly sizeClass = new Map<number, number>();
  private readonly classSizes: number[] = [];

  /** @param options capacity hint. */
  constructor(options: AuproAccumulatorOptions = {}) {
    const expected = options.expectedPixels ?? 1 << 16;
    if (!Number.isInteger(expected) || expected < 0) {
      throw new MetricError(`AuproAccumulator: expectedPixels must be a non-negative integer, got ${expected}`);
    }
    this.negatives = new Float32Array(Math.max(expected, 1));
  }

  /**
   * Adds one image: a `height` x `width` score map and its mask (row-major), only the pixels `covered`
   * marks if given (regions as the module description says). Throws {@link MetricError} naming the image
   * and index on a NaN/infinite counted score or on a size mismatch; nothing is added then.
   */
  add(map: ArrayLike<number>, mask: LabelLike, height: number, width: number, covered?: CoverageMask): void {
    const where = `AuproAccumulator.add (image ${this.images})`;
    checkLengths(where, map, mask);
    if (map.length !== height * width) {
      throw new MetricError(`${where}: map has ${map.length} values, expected ${height} x ${width}`);
    }
    countCovered(where, covered, map.length);
    for (let i = 0; i < map.length; i++) {
      if (!isCovered(covered, i)) continue;
      const s = Math.fround(map[i]);
      if (!Number.isFinite(s)) {
        throw new MetricError(`${where}: score at index ${i} is ${map[i]}; scores must be finite float32 values`);
      }
    }
    const { labels, count } = labelComponents(mask, height, width);
    const sizes = new Uint32Array(count + 1);
    let nNeg = 0;
    for (let i = 0; i < labels.length; i++) {
      if (!isCovered(covered, i)) continue;
      if (labels[i] === 0) nNeg++;
      else sizes[labels[i]]++;
    }
    const regionClass = new Uint32Array(count + 1);
    let regions = 0;
    for (let k = 1; k <= count; k++) {
      if (sizes[k] === 0) continue;
      regionClass[k] = this.classOf(sizes[k]);
      regions++;
    }
    this.reserve(nNeg, sizes.reduce((a, b) => a + b, 0));
    for (let i = 0; i < labels.length; i++) {
      if (!isCovered(covered, i)) continue;
      const region = labels[i];
      if (region === 0) this.negatives[this.nNeg++] = Math.fround(map[i]) + 0;
      else this.positiveKeys[this.nPos++] = orderKeyOf(map[i]) * SIZE_CLASS_BITS + regionClass[region];
    }
    this.regions += regions;
    this.images++;
    this.isSorted = false;
  }

  /**
   * The counted pixels' scores (as float32) split by ground truth and sorted ascending, as
   * {@link PixelScoreAccumulator.sorted} gives them, for the pixel AUROC and threshold metrics of the same
   * map without a second copy of its normal pixels. The normal scores are a view into the buffer (valid
   * until the next {@link add}); the anomalous ones a new array. Throws {@link MetricError} if either class
   * is missing.
   */
  sorted(): SortedScores {
    checkBothClasses('AuproAccumulator', this.nPos, this.nNeg);
    const { neg, pos } = this.sortedParts();
    const positives = new Float32Array(pos.length);
    for (let i = 0; i < pos.length; i++) positives[i] = scoreOfOrderKey(Math.floor(pos[i] / SIZE_CLASS_BITS));
    return { positives, negatives: neg };
  }

  /**
   * The AUPRO of everything added. Throws {@link MetricError} if there is no ground-truth region or no
   * normal pixel, or if `maxFpr` is not in (0, 1].
   */
  result(options: AuproOptions = {}): AuproResult {
    const maxFpr = options.maxFpr ?? 0.3;
    if (!(maxFpr > 0 && maxFpr <= 1)) throw new MetricError(`aupro: maxFpr must be in (0, 1], got ${maxFpr}`);
    if (this.regions === 0) throw new MetricError('aupro: no ground-truth region (every mask is empty)');
    if (this.nNeg === 0) throw new MetricError('aupro: no normal pixel (every mask is full)');
    const { neg, pos } = this.sortedParts();
    const weight = this.classSizes.map((size) => 1 / (this.regions * size));
    const nNeg = this.nNeg;
    let i = pos.length - 1;
    let j = neg.length - 1;
    let fp = 0;
    let fpr = 0;
    let pro = 0;
    let area = 0;
    while (j >= 0 && fpr < maxFpr) {
      const v = neg[j];
      const key = orderKeyOf(v);
      // Anomalous pixels scored above v: a vertical step of the curve, no area.
      while (i >= 0 && Math.floor(pos[i] / SIZE_CLASS_BITS) > key) {
        pro += weight[pos[i] % SIZE_CLASS_BITS];
        i--;
      }
      const proBefore = Math.min(pro, 1);
      // Anomalous pixels tied with v move together with the normal ones: one diagonal step.
      while (i >= 0 && Math.floor(pos[i] / SIZE_CLASS_BITS) === key) {
        pro += weight[pos[i] % SIZE_CLASS_BITS];
        i--;
      }
      while (j >= 0 && neg[j] === v) {
        fp++;
        j--;
      }
      const proAfter = Math.min(pro, 1);
      const next = fp / nNeg;
      if (next <= maxFpr) {
        area += ((next - fpr) * (proBefore + proAfter)) / 2;
      } else {
        const atLimit = proBefore + ((proAfter - proBefore) * (maxFpr - fpr)) / (next - fpr);
        area += ((maxFpr - fpr) * (proBefore + atLimit)) / 2;
      }
      fpr = next;
    }
    return {
      aupro: area / maxFpr,
      maxFpr,
      regions: this.regions,
      normalPixels: this.nNeg,
      anomalousPixels: this.nPos,
    };
  }

  /** The normal scores and the anomalous keys added, each sorted ascending in place (once after each add). */
  private sortedParts(): { readonly neg: Float32Array; readonly pos: Float64Array } {
    const neg = this.negatives.subarray(0, this.nNeg);
    const pos = this.positiveKeys.subarray(0, this.nPos);
    if (!this.isSorted) {
      sortScoresInPlace(neg);
      sortScoresInPlace(pos);
      this.isSorted = true;
    }
    return { neg, pos };
  }

  private classOf(size: number): number {
    let c = this.sizeClass.get(size);
    if (c === undefined) {
      c = this.classSizes.length;
      if (c >= SIZE_CLASS_BITS) throw new MetricError('aupro: too many distinct region sizes (over 2^21)');
      this.sizeClass.set(size, c);
      this.classSizes.push(size);
    }
    return c;
  }

  private reserve(extraNeg: number, extraPos: number): void {
    if (this.nNeg + extraNeg > this.negatives.length) {
      const next = new Float32Array(Math.max(this.nNeg + extraNeg, 2 * this.negatives.length));
      next.set(this.negatives.subarray(0, this.nNeg));
      this.negatives = next;
    }
    if (this.nPos + extraPos > this.positiveKeys.length) {
      const next = new Float64Array(Math.max(this.nPos + extraPos, 2 * this.positiveKeys.length));
      next.set(this.positiveKeys.subarray(0, this.nPos));
      this.positiveKeys = next;
    }
  }
}

/**
 * AUPRO over a set of test images (see the module description for the exact definition), integrated up to
 * `maxFpr` (default 0.3) and normalised by it.
 *
 * @example
 * ```ts
 * const { aupro: value } = aupro(testImages.map((t) => ({ map: t.map, mask: t.mask, width: 256, height: 256 })));
 * ```
 */
export function aupro(images: Iterable<AuproImage>, options: AuproOptions = {}): AuproResult {
  const acc = new AuproAccumulator();
  for (const image of images) acc.add(image.map, image.mask, image.height, image.width, image.covered);
  return acc.result(options);
}
