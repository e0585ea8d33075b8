/**
 * A decision threshold from scores of normal samples only (for example a selection split of the
 * training classes): the smallest threshold (a midpoint between two observed scores) such that at
 * most `falsePositiveRate` of `normalScores` satisfy `score >= threshold`. Needs no labels.
 */
export function thresholdForFalsePositiveRate(normalScores: Float32Array, falsePositiveRate: number): number {
  if (normalScores.length === 0) throw new RangeError('thresholdForFalsePositiveRate: no scores');
  if (!(falsePositiveRate >= 0 && falsePositiveRate < 1)) {
    throw new RangeError(`thresholdForFalsePositiveRate: the rate must be in [0, 1), got ${falsePositiveRate}`);
  }
  const sorted = Float64Array.from(normalScores).sort().reverse();
  if (!sorted.every(Number.isFinite)) throw new RangeError('thresholdForFalsePositiveRate: scores must be finite');
  const allowed = Math.floor(falsePositiveRate * sorted.length + 1e-9);
  const firstExcluded = sorted[allowed];
  // The nearest larger score (ties with firstExcluded are excluded too, keeping the rate at most the target).
  let j = allowed - 1;
  while (j >= 0 && sorted[j] === firstExcluded) j--;
  if (j >= 0) return (firstExcluded + sorted[j]) / 2;
  return firstExcluded + Math.max(Math.abs(firstExcluded), 1) * 1e-6;
}

/**
 * How a threshold chosen on the selection split for at most `falsePositiveRate` false positives is named,
 * e.g. `fpr<=0.05-on-selection`: the one spelling of that label, in scorer files and results.
 */
export function fprThresholdLabel(falsePositiveRate: number): string {
  return `fpr<=${falsePositiveRate}-on-selection`;
}
