/**
 * How alpha is applied in every result of this package: alpha weights the NLN (image or feature)
 * error and 1 - alpha the latent distance, as in the paper's Eq. 4, so alpha = 1 is the NLN error
 * alone and alpha = 0 the distance alone.
 */
export const ALPHA_CONVENTION = 'alpha-weights-nln-error' as const;

/** The alpha convention recorded in results; see {@link ALPHA_CONVENTION}. */
export type AlphaConvention = typeof ALPHA_CONVENTION;

/** Checks that alpha is a number in [0, 1]. */
export function checkAlpha(alpha: number, what: string): void {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`${what}: alpha must be in [0, 1], got ${alpha}`);
}

/**
 * The NLN novelty score s_i = alpha * e'_i + (1 - alpha) * d'_i from the normalised NLN error e'
 * and normalised mean latent distance d' (Eqs. 4, 7, 8 with the normalisation of the reference).
 * Written into `out` when given (same length; it may be either input), to reuse one buffer.
 */
export function combineScores(nlnError: Float32Array, distance: Float32Array, alpha: number, out?: Float32Array): Float32Array {
  checkAlpha(alpha, 'combineScores');
  if (nlnError.length !== distance.length) {
    throw new RangeError(`combineScores: ${nlnError.length} NLN errors but ${distance.length} distances`);
  }
  if (out !== undefined && out.length !== nlnError.length) throw new RangeError(`combineScores: ${nlnError.length} scores but an output of ${out.length}`);
  const scores = out ?? new Float32Array(nlnError.length);
  for (let i = 0; i < scores.length; i++) scores[i] = alpha * nlnError[i] + (1 - alpha) * distance[i];
  return scores;
}
