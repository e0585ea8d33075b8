import type { Autoencoder } from '@nln/models';

/**
 * Which features the NLN error compares: pixels (Eq. 4), the discriminator features q (Eq. 7,
 * AE-res) or the consistency encoder f_con (Eq. 8, AE-con).
 */
export type NlnErrorMode = 'reconstruction' | 'residual' | 'consistency';

/** Every {@link NlnErrorMode}, for checking values read at run time. */
export const NLN_ERROR_MODES: readonly NlnErrorMode[] = ['reconstruction', 'residual', 'consistency'];

/**
 * The two readings of Eq. 8. `paper`: |f(x_i) - f_con(g(z_k))|, the query's latent against f_con of
 * each neighbour's reconstruction. `reference-code`: |z_k - f_con(x̂_i)|, each neighbour's latent
 * against f_con of the query's own reconstruction (what the reference code computes).
 */
export const FEATURE_CONSISTENCY_VARIANTS = ['paper', 'reference-code'] as const;
/** One of {@link FEATURE_CONSISTENCY_VARIANTS}. */
export type FeatureConsistency = (typeof FEATURE_CONSISTENCY_VARIANTS)[number];

/** The mode a model's kind implies: AE-res residual, AE-con consistency, others reconstruction. */
export function defaultErrorMode(model: Autoencoder): NlnErrorMode {
  if (model.kind === 'ae-res') return 'residual';
  if (model.kind === 'ae-con') return 'consistency';
  return 'reconstruction';
}

/** Throws a clear error when the model lacks what `mode` needs. */
export function checkErrorMode(model: Autoencoder, mode: NlnErrorMode): void {
  if (mode === 'residual' && model.discriminatorFeatures === undefined) {
    throw new Error(`NlnScorer: the residual NLN error (Eq. 7) needs discriminator features q, which this ${model.kind} model lacks`);
  }
  if (mode === 'consistency' && model.consistencyEncode === undefined) {
    throw new Error(`NlnScorer: the feature-consistent NLN error (Eq. 8) needs the f_con encoder, which this ${model.kind} model lacks`);
  }
  if (!NLN_ERROR_MODES.includes(mode)) {
    throw new RangeError(`NlnScorer: unknown error mode ${String(mode)}`);
  }
}
