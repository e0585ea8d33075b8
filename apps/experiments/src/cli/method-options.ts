import { z } from 'zod';
import { BATCH_NORM_MODES, DEFAULT_BATCH_NORM_MODE, type BatchNormMode } from '@nln/models';
import { FEATURE_CONSISTENCY_VARIANTS, type FeatureConsistency } from '@nln/nln-core';
import type { OptionDoc } from './options';

/** Schema entries of the options that pick a reading of the method, part of the training commands' schema. */
export const methodShape = {
  'feature-consistency': z.enum(FEATURE_CONSISTENCY_VARIANTS, { message: `must be ${FEATURE_CONSISTENCY_VARIANTS.join(' or ')}` }),
  'batch-norm': z.enum(BATCH_NORM_MODES, { message: `must be ${BATCH_NORM_MODES.join(' or ')}` }),
};

/** `--help` entries of {@link methodShape}. */
export const methodDocs: OptionDoc[] = [
  {
    name: 'feature-consistency',
    help: `AE-con's Eq. 8: ${FEATURE_CONSISTENCY_VARIANTS.join('|')} (paper: query latent vs f_con of the neighbours' reconstructions; reference-code: neighbour latents vs f_con of the query's reconstruction)`,
    defaultText: 'paper',
  },
  {
    name: 'batch-norm',
    help: `BatchNorm statistics after training: ${BATCH_NORM_MODES.join('|')} (recompute: re-estimated over the training set; moving-average: as trained, as tfjs and the reference)`,
    defaultText: DEFAULT_BATCH_NORM_MODE,
  },
];

/** Validated method options of `miso`, `simo` and `mvtec`. */
export interface MethodOptions {
  /** Reading of Eq. 8 for AE-con's NLN error (other models ignore it). */
  readonly featureConsistency: FeatureConsistency;
  /** What happens to the BatchNorm moving statistics when training ends. */
  readonly batchNorm: BatchNormMode;
}

/** The method options with their defaults filled in. */
export function methodOptions(given: { readonly 'feature-consistency'?: FeatureConsistency; readonly 'batch-norm'?: BatchNormMode }): MethodOptions {
  return { featureConsistency: given['feature-consistency'] ?? 'paper', batchNorm: given['batch-norm'] ?? DEFAULT_BATCH_NORM_MODE };
}
