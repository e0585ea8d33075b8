/**
 * Nearest-latent-neighbour search (faiss or exact tfjs) and the NLN novelty scores and maps.
 *
 * @packageDocumentation
 * @module @nln/nln-core
 */
export type { LatentIndex, LatentIndexKind, NeighbourResult, SearchOptions } from './latent-index/latent-index';
export { FaissFlatIndex, FaissApproximateIndex } from './latent-index/faiss-index';
export { TfjsExactIndex } from './latent-index/tfjs-exact-index';
export { TfjsExactSearch } from './latent-index/tfjs-exact-search';
export { faissAvailable } from './latent-index/faiss-addon';
export {
  createLatentIndex,
  loadLatentIndex,
  type CreateLatentIndexOptions,
  type LatentIndexChoice,
} from './latent-index/create-latent-index';
export { measureRecall, type RecallReport } from './latent-index/recall';
export { reconstructionError, reconstructionErrorTensor } from './scores/reconstruction-error';
export {
  neighbourErrors,
  neighbourErrorsTensor,
  meanOfFirstK,
  nlnError,
  latentDistance,
} from './scores/neighbour-error';
export { fitMinMax, applyMinMax, minMaxNormalise, type MinMax } from './scores/normalisation';
export { ALPHA_CONVENTION, combineScores, type AlphaConvention } from './scores/combined-score';
export {
  sweepScores,
  type NeighbourTerms,
  type AlphaScores,
  type KSweepRow,
  type ScoreSweep,
} from './scores/score-sweep';
export { fprThresholdLabel, thresholdForFalsePositiveRate } from './scores/threshold';
export {
  nlnErrorMap,
  nlnErrorMapTensor,
  reconstructionErrorMap,
  distanceMap,
  type SampleShape,
} from './scores/error-maps';
export { NlnScorer } from './scorer/nln-scorer';
export { NlnScorerCore } from './scorer/scorer-core';
export {
  NEIGHBOUR_SOURCES,
  type NlnScorerOptions,
  type NeighbourSource,
  type ScorerProgress,
  type Calibration,
  type CalibrationChoice,
  type DecisionThreshold,
  type SearchInfo,
  type SampleScore,
  type ScoreSettings,
  type ScoreReport,
  type ScoreGrid,
  type ErrorMaps,
  type NlnScorerState,
} from './scorer/types';
export {
  fitCalibration,
  applyCalibration,
  checkCalibration,
  type ScoreTerms,
  type CalibratedScores,
  type FittedCalibration,
} from './scorer/calibration';
export { SCORER_FILES } from './scorer/scorer-files';
export { bestBy, chooseOnSelection, choosePerClassMax, SELECTION_RULE, type GridPoint, type KAlpha } from './evaluation/choose-k-alpha';
export { evaluateHeldOut, type GridAurocs, type HeldOutEvaluation, type HeldOutOptions, type HeldOutSplit, type TermsAtK } from './evaluation/held-out';
export { defaultErrorMode, FEATURE_CONSISTENCY_VARIANTS, type NlnErrorMode, type FeatureConsistency } from './scorer/error-mode';
export type { ScorerImages, TrainingImages } from './scorer/image-batches';
export type { NeighbourCache, QuantisedRows } from './scorer/neighbour-cache';
