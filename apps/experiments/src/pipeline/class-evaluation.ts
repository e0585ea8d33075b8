import { selectValues } from '@nln/datasets';
import type { ThresholdCriterion } from '@nln/metrics';
import { evaluateHeldOut, SELECTION_RULE, type HeldOutEvaluation, type HeldOutSplit, type TermsAtK } from '@nln/nln-core';
import type { RunOptions } from '../cli/commands/train';
import type { PixelMetrics, ResultRow } from '../output/results-schema';
import type { ClassRecord } from '../output/class-record';
import { curveOf } from './class-metrics';
import type { TrainingFacts } from './train-with-progress';

/** Columns of the per-image test scores a class folder keeps (and `score` writes, minus index/split). */
export const TEST_SCORE_COLUMNS = ['index', 'label', 'novel', 'split', 'reconstruction', 'nlnError', 'distance', 'score', 'decision'] as const;

/** The options a class evaluation reads. */
export type EvaluationOptions = Pick<RunOptions, 'k' | 'alpha' | 'thresholdMethod' | 'targetFpr'>;

/** A class's held-out evaluation (the library's) with the raw terms it came from, for the per-sample files. */
export interface ClassEvaluation extends HeldOutEvaluation {
  /** Raw terms at every K. */
  readonly terms: readonly TermsAtK[];
  /** Raw plain reconstruction error (the baseline, Eq. 3) per test sample. */
  readonly reconstruction: Float32Array;
}

/** The threshold criterion `--threshold-method` names. */
export function thresholdCriterion(options: Pick<RunOptions, 'thresholdMethod' | 'targetFpr'>): ThresholdCriterion {
  return options.thresholdMethod === 'best-f1' ? { kind: 'best-f1' } : { kind: 'target-fpr', maxFpr: options.targetFpr };
}

/** `evaluateHeldOut` with the run's K, alpha and threshold options (image-level terms for MVTec). */
export function evaluateClass(terms: readonly TermsAtK[], reconstruction: Float32Array, novel: Uint8Array, split: HeldOutSplit, options: EvaluationOptions): ClassEvaluation {
  const ev = evaluateHeldOut(terms, reconstruction, novel, split, { ks: options.k, alphas: options.alpha, threshold: thresholdCriterion(options) });
  return { ...ev, terms, reconstruction };
}

/** The fields every result row of one class shares. */
export type RowBase = Pick<ResultRow, 'protocol' | 'dataset' | 'model' | 'class' | 'latentDim' | 'featureConsistency'>;

/**
 * One result row per (K, alpha) and split; the chosen evaluation row carries `pixel` when given. `oracle`
 * is false here: the paper's oracle is one (K, alpha) over every class, set where classes are merged.
 */
export function resultRows(base: RowBase, ev: ClassEvaluation, pixel?: PixelMetrics): ResultRow[] {
  const { selection: baselineSel, evaluation: baselineEval } = ev.baseline;
  return [
    ...ev.points.map((p): ResultRow => ({ ...base, k: p.k, alpha: p.alpha, split: 'selection', aurocReconstruction: baselineSel, aurocNln: p.selection, aurocDistance: p.distanceSelection, selected: false, perClassMax: false, oracle: false })),
    ...ev.points.map((p): ResultRow => ({
      ...base,
      k: p.k,
      alpha: p.alpha,
      split: 'evaluation',
      aurocReconstruction: baselineEval,
      aurocNln: p.evaluation,
      aurocDistance: p.distanceEvaluation,
      selected: p === ev.chosen,
      perClassMax: p === ev.perClassMax,
      oracle: false,
      ...(p === ev.chosen && pixel ? { pixel } : {}),
    })),
  ];
}

/** Per-test-sample rows of `test-scores.csv` ({@link TEST_SCORE_COLUMNS}) at the chosen K and alpha. */
export function testScoreRows(ev: ClassEvaluation, label: (i: number) => string | number): Record<(typeof TEST_SCORE_COLUMNS)[number], string | number>[] {
  const row = ev.terms.find((t) => t.k === ev.chosen.k);
  if (!row) throw new Error(`K = ${ev.chosen.k} missing from the scored grid`);
  const inSelection = new Uint8Array(ev.novel.length);
  for (const i of ev.split.selection) inSelection[i] = 1;
  return Array.from({ length: ev.novel.length }, (_, i) => ({
    index: i,
    label: label(i),
    novel: ev.novel[i],
    split: inSelection[i] ? 'selection' : 'evaluation',
    reconstruction: ev.reconstruction[i],
    nlnError: row.nlnError[i],
    distance: row.distance[i],
    score: ev.scores[i],
    decision: ev.scores[i] >= ev.threshold.threshold ? 1 : 0,
  }));
}

/** The training facts `class.json` keeps. */
export function trainingRecord(images: number, options: Pick<RunOptions, 'epochs' | 'batchSize'>, trained: TrainingFacts): ClassRecord['training'] {
  return {
    images,
    epochs: options.epochs,
    batchSize: options.batchSize,
    seconds: trained.seconds,
    imagesPerSecond: trained.imagesPerSecond,
    lossHistory: trained.history,
    ...(trained.batchNorm ? { batchNorm: { ...trained.batchNorm } } : {}),
  };
}

/** The part of `class.json` an evaluation fills: counts, the chosen K and alpha, the threshold, rows and curves. */
export function evaluationRecord(
  ev: ClassEvaluation,
  trainCount: number,
  rows: ResultRow[],
  options: Pick<RunOptions, 'thresholdMethod' | 'targetFpr'>,
): Pick<ClassRecord, 'counts' | 'chosen' | 'threshold' | 'rows' | 'curves'> {
  return {
    counts: {
      train: trainCount,
      selection: ev.split.selection.length,
      evaluation: ev.split.evaluation.length,
      selectionNovel: ev.selectionLabels.reduce((a, b) => a + b, 0),
      evaluationNovel: ev.evaluationLabels.reduce((a, b) => a + b, 0),
    },
    chosen: { k: ev.chosen.k, alpha: ev.chosen.alpha, rule: SELECTION_RULE },
    threshold: {
      method: options.thresholdMethod,
      value: ev.threshold.threshold,
      ...(options.thresholdMethod === 'target-fpr' ? { targetFpr: options.targetFpr } : {}),
      selectionF1: ev.onSelection.f1,
      selectionFpr: ev.onSelection.fpr,
      selectionTpr: ev.onSelection.tpr,
    },
    rows,
    curves: {
      baseline: curveOf(selectValues(ev.reconstruction, ev.split.evaluation), ev.evaluationLabels),
      nln: curveOf(selectValues(ev.scores, ev.split.evaluation), ev.evaluationLabels),
    },
  };
}
