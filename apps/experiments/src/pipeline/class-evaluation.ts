import { selectValues } from '@nln/datasets';
import { auroc, evaluateThreshold, selectionSplitThreshold, type ThresholdChoice, type ThresholdCriterion, type ThresholdEvaluation } from '@nln/metrics';
import type { TrainOptions } from '../cli/options';
import type { PixelMetrics, ResultRow } from '../output/results-schema';
import type { ClassRecord } from './class-record';
import { curveOf, gridAurocs, scoreWithSelectionConstants, type GridAurocs, type KConstants, type KTerms, type SplitIndices } from './class-metrics';
import { chooseOnSelection, choosePerClassMax, SELECTION_RULE, type GridPoint } from './selection';
import type { TrainingFacts } from './train-with-progress';

/** Columns of the per-image test scores a class folder keeps (and `score` writes, minus index/split). */
export const TEST_SCORE_COLUMNS = ['index', 'label', 'novel', 'split', 'reconstruction', 'nlnError', 'distance', 'score', 'decision'] as const;

/** The options a class evaluation reads. */
export type EvaluationOptions = Pick<TrainOptions, 'k' | 'alpha' | 'thresholdMethod' | 'targetFpr'>;

/**
 * What a class run measures and chooses from its per-sample terms (image-level for MVTec): the AUROC of
 * every (K, alpha) on both splits, K and alpha chosen on the selection split (and the class's best on the evaluation split),
 * the scores at the chosen K and alpha with selection-split constants, and the decision threshold.
 */
export interface ClassEvaluation {
  /** Test indices of the selection and evaluation parts. */
  readonly parts: SplitIndices;
  /** 1 for a novel test sample. */
  readonly novel: Uint8Array;
  /** Raw terms at every K. */
  readonly terms: readonly KTerms[];
  /** Raw plain reconstruction error (the baseline, Eq. 3) per test sample. */
  readonly reconstruction: Float32Array;
  /** AUROCs of every (K, alpha). */
  readonly points: readonly GridAurocs[];
  /** The point chosen on the selection split. */
  readonly chosen: GridPoint;
  /** The point with this class's best evaluation AUROC (the per-class maximum, not the paper's oracle). */
  readonly perClassMax: GridPoint;
  /** Labels of the selection part. */
  readonly selectionLabels: Uint8Array;
  /** Labels of the evaluation part. */
  readonly evaluationLabels: Uint8Array;
  /** Score of every test sample at the chosen K and alpha. */
  readonly scores: Float32Array;
  /** Selection-split constants of each term at the chosen K. */
  readonly constants: KConstants;
  /** Decision threshold chosen on the selection part. */
  readonly threshold: ThresholdChoice;
  /** That threshold's F1, FPR and TPR on the selection part. */
  readonly onSelection: ThresholdEvaluation;
}

/** The threshold criterion `--threshold-method` names. */
export function thresholdCriterion(options: Pick<TrainOptions, 'thresholdMethod' | 'targetFpr'>): ThresholdCriterion {
  return options.thresholdMethod === 'best-f1' ? { kind: 'best-f1' } : { kind: 'target-fpr', maxFpr: options.targetFpr };
}

/** Scores every (K, alpha), chooses K and alpha and the decision threshold on the selection part. */
export function evaluateClass(terms: readonly KTerms[], reconstruction: Float32Array, novel: Uint8Array, parts: SplitIndices, options: EvaluationOptions): ClassEvaluation {
  const points = gridAurocs(terms, novel, parts, options.k, options.alpha);
  const chosen = chooseOnSelection(points);
  const perClassMax = choosePerClassMax(points);
  const selectionLabels = selectValues(novel, parts.selection);
  const evaluationLabels = selectValues(novel, parts.evaluation);
  const { scores, constants } = scoreWithSelectionConstants(terms, parts, chosen.k, chosen.alpha);
  const selScores = selectValues(scores, parts.selection);
  const threshold = selectionSplitThreshold(selScores, selectionLabels, thresholdCriterion(options));
  const onSelection = evaluateThreshold(threshold, selScores, selectionLabels);
  return { parts, novel, terms, reconstruction, points, chosen, perClassMax, selectionLabels, evaluationLabels, scores, constants, threshold, onSelection };
}

/** The fields every result row of one class shares. */
export type RowBase = Pick<ResultRow, 'protocol' | 'dataset' | 'model' | 'class' | 'latentDim' | 'featureConsistency'>;

/**
 * One result row per (K, alpha) and split; the chosen evaluation row carries `pixel` when given. `oracle`
 * is false here: the paper's oracle is one (K, alpha) over every class, set where classes are merged.
 */
export function resultRows(base: RowBase, ev: ClassEvaluation, pixel?: PixelMetrics): ResultRow[] {
  const baselineSel = auroc(selectValues(ev.reconstruction, ev.parts.selection), ev.selectionLabels);
  const baselineEval = auroc(selectValues(ev.reconstruction, ev.parts.evaluation), ev.evaluationLabels);
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
  for (const i of ev.parts.selection) inSelection[i] = 1;
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
export function trainingRecord(images: number, options: Pick<TrainOptions, 'epochs' | 'batchSize'>, trained: TrainingFacts): ClassRecord['training'] {
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
  options: Pick<TrainOptions, 'thresholdMethod' | 'targetFpr'>,
): Pick<ClassRecord, 'counts' | 'chosen' | 'threshold' | 'rows' | 'curves'> {
  return {
    counts: {
      train: trainCount,
      selection: ev.parts.selection.length,
      evaluation: ev.parts.evaluation.length,
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
      baseline: curveOf(selectValues(ev.reconstruction, ev.parts.evaluation), ev.evaluationLabels),
      nln: curveOf(selectValues(ev.scores, ev.parts.evaluation), ev.evaluationLabels),
    },
  };
}
