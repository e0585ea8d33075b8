import { z } from 'zod';
import { FEATURE_CONSISTENCY_VARIANTS, type FeatureConsistency } from '@nln/nln-core';
import type { OptionDoc } from './options';

/** Schema entries of the options that pick a reading of the method, part of the training commands' schema. */
export const methodShape = {
  'feature-consistency': z.enum(FEATURE_CONSISTENCY_VARIANTS, { message: `must be ${FEATURE_CONSISTENCY_VARIANTS.join(' or ')}` }),
};

/** `--help` entries of {@link methodShape}. */
export const methodDocs: OptionDoc[] = [
  {
    name: 'feature-consistency',
    help: `AE-con's Eq. 8: ${FEATURE_CONSISTENCY_VARIANTS.join('|')} (paper: query latent vs f_con of the neighbours' reconstructions; reference-code: neighbour latents vs f_con of the query's reconstruction)`,
    defaultText: 'paper',
  },
];

/** Validated method options of `miso`, `simo` and `mvtec`. */
export interface MethodOptions {
  /** Reading of Eq. 8 for AE-con's NLN error (other models ignore it). */
  readonly featureConsistency: FeatureConsistency;
}

/** The method options with their defaults filled in. */
export function methodOptions(given: { readonly 'feature-consistency'?: FeatureConsistency }): MethodOptions {
  return { featureConsistency: given['feature-consistency'] ?? 'paper' };
}
