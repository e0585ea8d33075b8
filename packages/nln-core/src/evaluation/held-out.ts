/**
 * The held-out evaluation of a scored test set, as the experiments run it: the test set is split into a
 * selection part and an evaluation part; every (K, alpha) is scored from one neighbour search's terms,
 * each term normalised with constants fitted on the selection part only; K and alpha and the decision
 * threshold are chosen on the selection part; AUROCs are reported on both parts. Pure: no model pass.
 */
import { selectValues } from '@nln/datasets';
import { auroc, evaluateThreshold, selectionSplitThreshold, type ThresholdChoice, type ThresholdCriterion, type ThresholdEvaluation } from '@nln/metrics';
import { applyCalibration, fitCalibration } from '../scorer/calibration';
import type { Calibration } from '../scorer/types';
import { chooseOnSelection, choosePerClassMax, type GridPoint } from './choose-k-alpha';

/** Test indices of the two parts of a held-out test set. */
export interface HeldOutSplit {
  /** Indices of the selection part (K, alpha, constants and threshold are fitted here). */
  readonly selection: Int32Array;
  /** Indices of the evaluation part (reported only). */
  readonly evaluation: Int32Array;
}

/** Raw per-sample terms at one K: a `ScoreGrid` row, or image-level terms aggregated from patches. */
export interface TermsAtK {
  /** Number of neighbours. */
  readonly k: number;
  /** Raw NLN error per sample. */
  readonly nlnError: Float32Array;
  /** Raw mean latent distance per sample. */
  readonly distance: Float32Array;
}

/** AUROCs of one (K, alpha) on both parts, with the distance term's alone. */
export interface GridAurocs extends GridPoint {
  /** AUROC of the distance term alone on the selection part. */
  readonly distanceSelection: number;
  /** AUROC of the distance term alone on the evaluation part. */
  readonly distanceEvaluation: number;
}

/** What {@link evaluateHeldOut} scores and how it sets the threshold. */
export interface HeldOutOptions {
  /** The K values (each must have a row in the terms). */
  readonly ks: readonly number[];
  /** The alpha values, each in [0, 1]. */
  readonly alphas: readonly number[];
  /** How the decision threshold is chosen on the selection part. */
  readonly threshold: ThresholdCriterion;
}

/** Everything a held-out evaluation measures and chooses. */
export interface HeldOutEvaluation {
  /** The split it was given. */
  readonly split: HeldOutSplit;
  /** 1 for a novel test sample. */
  readonly novel: Uint8Array;
  /** Labels of the selection part. */
  readonly selectionLabels: Uint8Array;
  /** Labels of the evaluation part. */
  readonly evaluationLabels: Uint8Array;
  /** AUROC of the plain reconstruction error (the baseline, Eq. 3) on each part. */
  readonly baseline: { readonly selection: number; readonly evaluation: number };
  /** AUROCs of every (K, alpha), K-major in the order given. */
  readonly points: readonly GridAurocs[];
  /** The point chosen on the selection part (`SELECTION_RULE`). */
  readonly chosen: GridAurocs;
  /** The point with the best evaluation AUROC (the per-class maximum; optimistic, for reference). */
  readonly perClassMax: GridAurocs;
  /** The chosen K and alpha with each term's selection-part constants: what a scorer is calibrated with. */
  readonly calibration: Calibration;
  /** Every test sample's score at the chosen K and alpha with those constants. */
  readonly scores: Float32Array;
  /** The decision threshold chosen on the selection part. */
  readonly threshold: ThresholdChoice;
  /** That threshold's counts and rates on the selection part. */
  readonly onSelection: ThresholdEvaluation;
}

function termsAt(terms: readonly TermsAtK[], k: number, reconstruction: Float32Array) {
  const row = terms.find((r) => r.k === k);
  if (!row) throw new RangeError(`evaluateHeldOut: K = ${k} is not in the scored terms (have ${terms.map((r) => r.k).join(', ')})`);
  return { reconstruction, nlnError: row.nlnError, distance: row.distance };
}

function selectionTerms(all: ReturnType<typeof termsAt>, split: HeldOutSplit) {
  return {
    reconstruction: selectValues(all.reconstruction, split.selection),
    nlnError: selectValues(all.nlnError, split.selection),
    distance: selectValues(all.distance, split.selection),
  };
}

function checkInputs(terms: readonly TermsAtK[], reconstruction: Float32Array, novel: Uint8Array, split: HeldOutSplit, options: HeldOutOptions): void {
  const n = novel.length;
  const bad = (problem: string) => new RangeError(`evaluateHeldOut: ${problem}`);
  if (reconstruction.length !== n) throw bad(`${reconstruction.length} reconstruction errors for ${n} labels`);
  for (const row of terms) {
    if (row.nlnError.length !== n || row.distance.length !== n) throw bad(`the terms at K = ${row.k} do not have one value per label (${n})`);
  }
  if (split.selection.length === 0 || split.evaluation.length === 0) throw bad('both parts of the split need samples');
  if (options.ks.length === 0 || options.alphas.length === 0) throw bad('no K or no alpha to evaluate');
}

/**
 * The held-out evaluation of raw terms: `terms` (one row per K), the baseline `reconstruction` error and
 * the `novel` labels of every test sample, with the `split` into selection and evaluation parts.
 */
export function evaluateHeldOut(terms: readonly TermsAtK[], reconstruction: Float32Array, novel: Uint8Array, split: HeldOutSplit, options: HeldOutOptions): HeldOutEvaluation {
  checkInputs(terms, reconstruction, novel, split, options);
  const selectionLabels = selectValues(novel, split.selection);
  const evaluationLabels = selectValues(novel, split.evaluation);
  const onBoth = (values: Float32Array) => ({
    selection: auroc(selectValues(values, split.selection), selectionLabels),
    evaluation: auroc(selectValues(values, split.evaluation), evaluationLabels),
  });
  const points: GridAurocs[] = [];
  const calibrations = new Map<GridAurocs, Calibration>();
  for (const k of options.ks) {
    const all = termsAt(terms, k, reconstruction);
    const selection = selectionTerms(all, split);
    const distance = onBoth(all.distance);
    for (const alpha of options.alphas) {
      const { calibration } = fitCalibration(selection, { k, alpha });
      const { scores } = applyCalibration(all, calibration);
      const point = { k, alpha, ...onBoth(scores), distanceSelection: distance.selection, distanceEvaluation: distance.evaluation };
      points.push(point);
      calibrations.set(point, calibration);
    }
  }
  const chosen = chooseOnSelection(points);
  const calibration = calibrations.get(chosen) as Calibration;
  const { scores } = applyCalibration(termsAt(terms, chosen.k, reconstruction), calibration);
  const selectionScores = selectValues(scores, split.selection);
  const threshold = selectionSplitThreshold(selectionScores, selectionLabels, options.threshold);
  return {
    split,
    novel,
    selectionLabels,
    evaluationLabels,
    baseline: onBoth(reconstruction),
    points,
    chosen,
    perClassMax: choosePerClassMax(points),
    calibration,
    scores,
    threshold,
    onSelection: evaluateThreshold(threshold, selectionScores, selectionLabels),
  };
}
