import { applyMinMax, combineScores, fitMinMax, type MinMax } from '@nln/nln-core';
import { auroc, rocCurve } from '@nln/metrics';
import { selectValues } from '@nln/datasets';
import { thinCurve } from '../output/plots';
import type { GridPoint } from './selection';

/** Raw score terms of a scored test set at one K, and the labels, split by selection/evaluation. */
export interface SplitIndices {
  /** Test indices of the selection part. */
  readonly selection: Int32Array;
  /** Test indices of the evaluation part. */
  readonly evaluation: Int32Array;
}

/** AUROCs of one (K, alpha) on both splits, plus the distance-only and baseline AUROCs. */
export interface GridAurocs extends GridPoint {
  /** AUROC of the distance term alone on the selection split. */
  readonly distanceSelection: number;
  /** AUROC of the distance term alone on the evaluation split. */
  readonly distanceEvaluation: number;
}

/** Raw per-sample terms at one K (a scorer's score-grid row, or image-level terms aggregated from patches). */
export interface KTerms {
  /** Number of neighbours. */
  readonly k: number;
  /** Raw NLN error per sample. */
  readonly nlnError: Float32Array;
  /** Raw mean latent distance per sample. */
  readonly distance: Float32Array;
}

/** Selection-split constants of each term at one K. */
export interface KConstants {
  /** Constants of the NLN error. */
  readonly nlnError: MinMax;
  /** Constants of the mean latent distance. */
  readonly distance: MinMax;
}

/**
 * Scores of every (K, alpha) with each term normalised by constants fitted on the selection split only
 * (the same constants a calibrated scorer uses), so the evaluation split never informs the scale.
 */
export function scoreWithSelectionConstants(terms: readonly KTerms[], split: SplitIndices, k: number, alpha: number): { scores: Float32Array; constants: KConstants } {
  const row = terms.find((r) => r.k === k);
  if (!row) throw new Error(`K = ${k} is not in the scored grid`);
  const constants: KConstants = {
    nlnError: fitMinMax(selectValues(row.nlnError, split.selection), 'selection NLN error'),
    distance: fitMinMax(selectValues(row.distance, split.selection), 'selection distance'),
  };
  const e = applyMinMax(row.nlnError, constants.nlnError);
  const d = applyMinMax(row.distance, constants.distance);
  return { scores: combineScores(e, d, alpha), constants };
}

/** AUROC of every (K, alpha) on the selection and evaluation splits. */
export function gridAurocs(terms: readonly KTerms[], novel: Uint8Array, split: SplitIndices, ks: readonly number[], alphas: readonly number[]): GridAurocs[] {
  const selLabels = selectValues(novel, split.selection);
  const evalLabels = selectValues(novel, split.evaluation);
  const out: GridAurocs[] = [];
  for (const k of ks) {
    const row = terms.find((r) => r.k === k);
    if (!row) throw new Error(`K = ${k} is not in the scored grid`);
    const distanceSelection = auroc(selectValues(row.distance, split.selection), selLabels);
    const distanceEvaluation = auroc(selectValues(row.distance, split.evaluation), evalLabels);
    for (const alpha of alphas) {
      const { scores } = scoreWithSelectionConstants(terms, split, k, alpha);
      out.push({
        k,
        alpha,
        selection: auroc(selectValues(scores, split.selection), selLabels),
        evaluation: auroc(selectValues(scores, split.evaluation), evalLabels),
        distanceSelection,
        distanceEvaluation,
      });
    }
  }
  return out;
}

/** A thinned ROC curve and its AUROC, for plots. */
export function curveOf(scores: Float32Array, labels: Uint8Array): { fpr: number[]; tpr: number[]; auroc: number } {
  const roc = rocCurve(scores, labels);
  return { ...thinCurve(roc.fpr, roc.tpr), auroc: auroc(scores, labels) };
}
