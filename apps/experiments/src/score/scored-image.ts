/** Columns of `scores.csv`. */
export const SCORE_COLUMNS = ['file', 'score', 'nlnError', 'distance', 'reconstruction', 'nlnErrorNormalised', 'distanceNormalised', 'reconstructionNormalised', 'decision'] as const;

/** One scored image as written to scores.csv / scores.json. */
export interface ScoredImage {
  /** Input file (with `#i` inside IDX/CIFAR files). */
  readonly file: string;
  /** alpha * e' + (1 - alpha) * d' with the run's fixed constants. */
  readonly score: number;
  /** Raw NLN error. */
  readonly nlnError: number;
  /** Raw mean latent distance. */
  readonly distance: number;
  /** Raw reconstruction error (Eq. 3). */
  readonly reconstruction: number;
  /** Normalised NLN error. */
  readonly nlnErrorNormalised: number;
  /** Normalised distance. */
  readonly distanceNormalised: number;
  /** Normalised reconstruction error. */
  readonly reconstructionNormalised: number;
  /** `novel` when score >= threshold, else `normal`. */
  readonly decision: 'novel' | 'normal' | '';
}

/**
 * One whole MVTec-AD image scored from its patches: `nlnError` is the mean of the patch NLN errors,
 * `distance` the max of the patch mean latent distances, `reconstruction` the mean of the patch
 * reconstruction errors; the score uses the run's image-level constants and the decision its image threshold.
 */
export type MvtecImageScore = Omit<ScoredImage, 'reconstructionNormalised' | 'decision'> & {
  /** `novel` when score >= the run's image threshold. */
  readonly decision: 'novel' | 'normal';
};
