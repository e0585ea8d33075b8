/**
 * The browser-safe entry of `@nln/nln-core`: the NLN scorer without file IO, faiss or native addons,
 * loading a saved scorer over HTTP, the exact tfjs latent search, and the score functions. Bundle it
 * with `@nln/models/browser` standing in for `@nln/models` (the `browser` export condition does so).
 *
 * @packageDocumentation
 * @module @nln/nln-core/browser
 */
export type { LatentIndex, LatentIndexKind, NeighbourResult, SearchOptions } from './latent-index/latent-index';
export { TfjsExactSearch } from './latent-index/tfjs-exact-search';
export { NlnScorerCore } from './scorer/scorer-core';
export { loadScorerFromUrl, urlScorerSource } from './scorer/scorer-url';
export { checkManifest, readScorerParts, SCORER_FILES, stateFromParts, type ScorerFileSource, type ScorerManifest, type ScorerModel, type ScorerParts } from './scorer/scorer-state';
export { reconstructionError, reconstructionErrorTensor } from './scores/reconstruction-error';
export { neighbourErrors, neighbourErrorsTensor, meanOfFirstK, nlnError, latentDistance } from './scores/neighbour-error';
export { fitMinMax, applyMinMax, minMaxNormalise, type MinMax } from './scores/normalisation';
export { ALPHA_CONVENTION, combineScores, type AlphaConvention } from './scores/combined-score';
export { nlnErrorMap, nlnErrorMapTensor, reconstructionErrorMap, distanceMap, type SampleShape } from './scores/error-maps';
export { fitCalibration, applyCalibration, checkCalibration, type ScoreTerms, type CalibratedScores, type FittedCalibration } from './scorer/calibration';
export {
  NEIGHBOUR_SOURCES,
  type NlnScorerOptions,
  type NeighbourSource,
  type Calibration,
  type CalibrationChoice,
  type DecisionThreshold,
  type SampleScore,
  type ScoreReport,
  type ErrorMaps,
  type NlnScorerState,
} from './scorer/types';
export { defaultErrorMode, FEATURE_CONSISTENCY_VARIANTS, type NlnErrorMode, type FeatureConsistency } from './scorer/error-mode';
