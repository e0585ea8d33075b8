import { BATCH_NORM_MODES, DEFAULT_BATCH_NORM_MODE } from '@nln/models';
import { FEATURE_CONSISTENCY_VARIANTS } from '@nln/nln-core';
import { optionTable } from './define';
import { oneOf } from './parsers';

/** The options that pick a reading of the method, part of the training commands' options. */
export const METHOD_OPTIONS = optionTable({
  'feature-consistency': {
    schema: oneOf(FEATURE_CONSISTENCY_VARIANTS),
    default: 'paper',
    help: `AE-con's Eq. 8: ${FEATURE_CONSISTENCY_VARIANTS.join('|')} (paper: query latent vs f_con of the neighbours' reconstructions; reference-code: neighbour latents vs f_con of the query's reconstruction)`,
  },
  'batch-norm': {
    schema: oneOf(BATCH_NORM_MODES),
    default: DEFAULT_BATCH_NORM_MODE,
    help: `BatchNorm statistics after training: ${BATCH_NORM_MODES.join('|')} (recompute: re-estimated over the training set; moving-average: as trained, as tfjs and the reference)`,
  },
});
