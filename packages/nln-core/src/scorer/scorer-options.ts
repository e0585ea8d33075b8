import { FEATURE_CONSISTENCY_VARIANTS } from './error-mode';
import { NEIGHBOUR_SOURCES, type NlnScorerOptions } from './types';

/** The batch size of the scorer's model passes when none is given. */
const DEFAULT_BATCH = 256;

/** Checks the options every way of making a scorer takes; returns the batch size. */
export function checkOptions(options: NlnScorerOptions, what: string): number {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${what}: batchSize must be a positive integer, got ${batchSize}`);
  const { featureConsistency, neighbourSource } = options;
  if (featureConsistency !== undefined && !FEATURE_CONSISTENCY_VARIANTS.includes(featureConsistency)) {
    throw new RangeError(`${what}: featureConsistency must be one of ${FEATURE_CONSISTENCY_VARIANTS.join(', ')}, got ${String(featureConsistency)}`);
  }
  if (neighbourSource !== undefined && !NEIGHBOUR_SOURCES.includes(neighbourSource)) {
    throw new RangeError(`${what}: neighbourSource must be one of ${NEIGHBOUR_SOURCES.join(', ')}, got ${String(neighbourSource)}`);
  }
  return batchSize;
}
