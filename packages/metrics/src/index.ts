/**
 * Exact AUROC, ROC curves, AUPRC, pixel-level AUROC, IoU, AUPRO and summary statistics, in plain TypeScript.
 *
 * @packageDocumentation
 * @module @nln/metrics
 */
export { MetricError } from './validate';
export type { LabelLike } from './validate';
export type { CoverageMask } from './coverage';
export { sortByClass, walkThresholds, countsAtThreshold } from './sorted-scores';
export type { ScoreArray, SortedScores, ThresholdVisitor, ConfusionCounts } from './sorted-scores';
export { auroc, aurocFromSorted, rocCurve, rocCurveFromSorted } from './roc';
export type { RocCurve, RocCurveOptions } from './roc';
export {
  averagePrecision,
  averagePrecisionFromSorted,
  precisionRecallCurve,
  precisionRecallCurveFromSorted,
  precisionRecallTrapezoidArea,
} from './average-precision';
export type { PrecisionRecallCurve } from './average-precision';
export { bestF1, bestF1FromSorted } from './f1';
export type { BestF1 } from './f1';
export { confusionAt, iou, iouFromCounts, IouAccumulator } from './iou';
export {
  youdenPoint,
  youdenPointFromSorted,
  thresholdAtFpr,
  thresholdAtFprFromSorted,
  youdenOracleThreshold,
  youdenOracleThresholdFromSorted,
  selectionSplitThreshold,
  selectionSplitThresholdFromSorted,
  fixedThreshold,
  evaluateThreshold,
  evaluateThresholdFromSorted,
} from './thresholds';
export type {
  ThresholdMethod,
  ThresholdCriterion,
  ThresholdChoice,
  ThresholdEvaluation,
  YoudenPoint,
  FprPoint,
} from './thresholds';
export { PixelScoreAccumulator, pixelAuroc } from './pixel-auroc';
export type { PixelAurocOptions, PixelScoreAccumulatorOptions } from './pixel-auroc';
export { BinnedAurocAccumulator } from './binned-auroc';
export type { BinnedAuroc, BinnedAurocOptions } from './binned-auroc';
export { labelComponents } from './connected-components';
export type { Components } from './connected-components';
export { aupro, AuproAccumulator } from './aupro';
export type { AuproAccumulatorOptions, AuproImage, AuproOptions, AuproResult } from './aupro';
export { summarize, summarizeSeedsByClass, percentIncrease } from './summary';
export type { Summary, SeedClassSummary } from './summary';
