/**
 * Input checks shared by every metric: equal lengths, non-empty input, finite scores and both classes present.
 * Each failure throws a {@link MetricError} whose message names the argument, the problem and, where it
 * applies, the index of the first offending value.
 */

/** Error thrown for invalid metric input (NaN or infinite scores, length mismatch, a single class, empty input). */
export class MetricError extends Error {
  /** @param message what is wrong, naming the function and the argument. */
  constructor(message: string) {
    super(message);
    this.name = 'MetricError';
  }
}

/** Labels or masks as accepted by the metrics: numbers or booleans, one per score. */
export type LabelLike = ArrayLike<number | boolean>;

/** Throws unless `scores` and `labels` are non-empty and of equal length. */
export function checkLengths(where: string, scores: ArrayLike<unknown>, labels: ArrayLike<unknown>): void {
  if (scores.length !== labels.length) {
    throw new MetricError(
      `${where}: scores and labels differ in length (${scores.length} scores, ${labels.length} labels)`,
    );
  }
  if (scores.length === 0) {
    throw new MetricError(`${where}: empty input (no scores)`);
  }
}

/** Throws naming the index of the first score that is NaN or infinite. */
export function throwNonFinite(where: string, index: number, value: number): never {
  throw new MetricError(`${where}: score at index ${index} is ${value}; scores must be finite numbers`);
}

/**
 * Reads an image-level label: 1 or `true` is novel (positive), 0 or `false` is normal (negative).
 * Any other value throws, naming its index.
 */
export function readLabel(where: string, labels: LabelLike, index: number): boolean {
  const v = labels[index];
  if (v === 1 || v === true) return true;
  if (v === 0 || v === false) return false;
  throw new MetricError(`${where}: label at index ${index} is ${String(v)}; labels must be 0/1 or false/true`);
}

/**
 * Reads a ground-truth mask value: anything greater than 0 (or `true`) is anomalous, as in the reference
 * (GT = mask > 0). NaN throws, naming its index.
 */
export function readMask(where: string, mask: LabelLike, index: number): boolean {
  const v = mask[index];
  if (v === true) return true;
  if (v === false) return false;
  if (Number.isNaN(v)) {
    throw new MetricError(`${where}: mask value at index ${index} is NaN`);
  }
  return v > 0;
}

/** Throws unless both classes are present (`positives > 0` and `negatives > 0`). */
export function checkBothClasses(where: string, positives: number, negatives: number): void {
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? 'normal (label 0)' : 'novel (label 1)';
    throw new MetricError(
      `${where}: only one class present (all ${positives + negatives} samples are ${only}); ` +
        'the metric needs both novel and normal samples',
    );
  }
}
