/**
 * Decision thresholds, chosen three ways, each result saying which:
 *
 * - `'youden-oracle'`: Youden's J (max TPR - FPR) on the very set that is then scored, with its labels.
 *   This is what the reference does for IoU; it is optimistic and must be labelled as such.
 * - `'selection-split'`: a criterion (Youden's J, best F1 or a target FPR) applied to a held-out selection
 *   split, and the threshold then applied unchanged to another split.
 * - `'fixed'`: a threshold given by the user.
 *
 * A sample (or pixel) is predicted novel when its score >= threshold, everywhere in this package.
 */
import { bestF1FromSorted } from './f1';
import { confusionAt, iouFromCounts } from './iou';
import {
  checkSorted,
  ConfusionCounts,
  countsAtThreshold,
  SortedScores,
  sortByClass,
  walkThresholds,
} from './sorted-scores';
import { checkBothClasses, LabelLike, MetricError } from './validate';

/** How a threshold was chosen. */
export type ThresholdMethod = 'youden-oracle' | 'selection-split' | 'fixed';

/** A rule for choosing a threshold from labelled scores. */
export type ThresholdCriterion =
  | { readonly kind: 'youden' }
  | { readonly kind: 'best-f1' }
  | { readonly kind: 'target-fpr'; readonly maxFpr: number };

/** A chosen threshold and how it was chosen. */
export interface ThresholdChoice {
  /** How it was chosen; `'youden-oracle'` means it was fit on the labels of the set it is reported on. */
  readonly method: ThresholdMethod;
  /** The rule used (`'user'` for a fixed threshold). */
  readonly criterion: ThresholdCriterion['kind'] | 'user';
  /** Predicted novel when score >= threshold. */
  readonly threshold: number;
}

/** Youden's J statistic at its best threshold. */
export interface YoudenPoint {
  /** The threshold maximising J = TPR - FPR (the highest such threshold if several tie). */
  readonly threshold: number;
  /** J = TPR - FPR there. */
  readonly j: number;
  /** TPR there. */
  readonly tpr: number;
  /** FPR there. */
  readonly fpr: number;
}

/** The threshold with the highest TPR whose FPR does not exceed a target. */
export interface FprPoint {
  /** The lowest threshold with FPR <= the target (`Infinity` if even the highest score exceeds it). */
  readonly threshold: number;
  /** TPR there. */
  readonly tpr: number;
  /** FPR there (<= the target). */
  readonly fpr: number;
}

/** A threshold applied to a labelled set: counts, rates and IoU, and how the threshold was chosen. */
export interface ThresholdEvaluation extends ConfusionCounts {
  /** How the threshold was chosen. */
  readonly method: ThresholdMethod;
  /** The rule used to choose it. */
  readonly criterion: ThresholdChoice['criterion'];
  /** The threshold (score >= threshold is novel). */
  readonly threshold: number;
  /** TP / positives. */
  readonly tpr: number;
  /** FP / negatives. */
  readonly fpr: number;
  /** TP / (TP + FP); 0 when nothing is predicted novel (scikit-learn's zero_division default). */
  readonly precision: number;
  /** 2TP / (2TP + FP + FN). */
  readonly f1: number;
  /** TP / (TP + FP + FN), the Jaccard index (the reference's pixel IoU). */
  readonly iou: number;
  /** (TP + TN) / all. */
  readonly accuracy: number;
}

/**
 * Youden's J = TPR - FPR maximised over the ROC curve (scikit-learn's `roc_curve` points, including its
 * first point at threshold `Infinity` where J = 0), taking the first maximum from the highest threshold
 * down, as `numpy.argmax` over `roc_curve` output does. Throws {@link MetricError} on invalid input.
 */
export function youdenPoint(scores: ArrayLike<number>, labels: LabelLike): YoudenPoint {
  return youdenOfSorted(sortByClass(scores, labels, 'youdenPoint'));
}

/** {@link youdenPoint} from scores already split by class and sorted; checks them first. */
export function youdenPointFromSorted(sorted: SortedScores): YoudenPoint {
  checkSorted('youdenPointFromSorted', sorted);
  return youdenOfSorted(sorted);
}

/** @internal Unchecked {@link youdenPointFromSorted}. */
export function youdenOfSorted(sorted: SortedScores): YoudenPoint {
  const nPos = sorted.positives.length;
  const nNeg = sorted.negatives.length;
  let best: YoudenPoint = { threshold: Infinity, j: 0, tpr: 0, fpr: 0 };
  walkThresholds(sorted, (t, tp, fp) => {
    const tpr = tp / nPos;
    const fpr = fp / nNeg;
    if (tpr - fpr > best.j) best = { threshold: t, j: tpr - fpr, tpr, fpr };
  });
  return best;
}

/**
 * The lowest threshold whose FPR is at most `maxFpr` (so the highest TPR at that FPR budget).
 * Throws {@link MetricError} on invalid input or a `maxFpr` outside [0, 1].
 */
export function thresholdAtFpr(scores: ArrayLike<number>, labels: LabelLike, maxFpr: number): FprPoint {
  checkFpr('thresholdAtFpr', maxFpr);
  return fprPointOfSorted(sortByClass(scores, labels, 'thresholdAtFpr'), maxFpr);
}

/** {@link thresholdAtFpr} from scores already split by class and sorted; checks them first. */
export function thresholdAtFprFromSorted(sorted: SortedScores, maxFpr: number): FprPoint {
  checkFpr('thresholdAtFprFromSorted', maxFpr);
  checkSorted('thresholdAtFprFromSorted', sorted);
  return fprPointOfSorted(sorted, maxFpr);
}

function checkFpr(where: string, maxFpr: number): void {
  if (!(maxFpr >= 0 && maxFpr <= 1)) throw new MetricError(`${where}: maxFpr must be in [0, 1], got ${maxFpr}`);
}

function fprPointOfSorted(sorted: SortedScores, maxFpr: number): FprPoint {
  const nPos = sorted.positives.length;
  const nNeg = sorted.negatives.length;
  let best: FprPoint = { threshold: Infinity, tpr: 0, fpr: 0 };
  walkThresholds(sorted, (t, tp, fp) => {
    if (fp / nNeg > maxFpr) return true;
    best = { threshold: t, tpr: tp / nPos, fpr: fp / nNeg };
    return false;
  });
  return best;
}

/**
 * The reference's IoU threshold: Youden's J fit on the labels of the set being scored. Labelled
 * `'youden-oracle'` because it uses the test ground truth; results computed with it are optimistic.
 */
export function youdenOracleThreshold(scores: ArrayLike<number>, labels: LabelLike): ThresholdChoice {
  return { method: 'youden-oracle', criterion: 'youden', threshold: youdenPoint(scores, labels).threshold };
}

/** {@link youdenOracleThreshold} from scores already split by class and sorted (e.g. a pixel accumulator). */
export function youdenOracleThresholdFromSorted(sorted: SortedScores): ThresholdChoice {
  return { method: 'youden-oracle', criterion: 'youden', threshold: youdenPointFromSorted(sorted).threshold };
}

/**
 * Chooses a threshold on a held-out selection split with `criterion` (default Youden's J), to be applied
 * unchanged to another split with {@link evaluateThreshold}. Labelled `'selection-split'`.
 */
export function selectionSplitThreshold(
  selectionScores: ArrayLike<number>,
  selectionLabels: LabelLike,
  criterion: ThresholdCriterion = { kind: 'youden' },
): ThresholdChoice {
  return selectionSplitThresholdFromSorted(
    sortByClass(selectionScores, selectionLabels, 'selectionSplitThreshold'),
    criterion,
  );
}

/** {@link selectionSplitThreshold} from selection-split scores already split by class and sorted. */
export function selectionSplitThresholdFromSorted(
  selection: SortedScores,
  criterion: ThresholdCriterion = { kind: 'youden' },
): ThresholdChoice {
  let threshold: number;
  switch (criterion.kind) {
    case 'youden':
      threshold = youdenPointFromSorted(selection).threshold;
      break;
    case 'best-f1':
      threshold = bestF1FromSorted(selection).threshold;
      break;
    case 'target-fpr':
      threshold = thresholdAtFprFromSorted(selection, criterion.maxFpr).threshold;
      break;
  }
  return { method: 'selection-split', criterion: criterion.kind, threshold };
}

/** A threshold given by the user, labelled `'fixed'`. Throws {@link MetricError} if it is NaN. */
export function fixedThreshold(threshold: number): ThresholdChoice {
  if (Number.isNaN(threshold)) throw new MetricError('fixedThreshold: threshold is NaN');
  return { method: 'fixed', criterion: 'user', threshold };
}

/**
 * Applies a chosen threshold to labelled scores (1/true or mask > 0 = positive) and reports counts, rates,
 * F1 and IoU together with how the threshold was chosen. One pass, no sort. Throws {@link MetricError} on invalid input or a
 * single class.
 */
export function evaluateThreshold(
  choice: ThresholdChoice,
  scores: ArrayLike<number>,
  labels: LabelLike,
): ThresholdEvaluation {
  const counts = confusionAt(scores, labels, choice.threshold);
  checkBothClasses('evaluateThreshold', counts.tp + counts.fn, counts.fp + counts.tn);
  return evaluateCounts(choice, counts);
}

/** {@link evaluateThreshold} on scores already split by class and sorted (e.g. a pixel accumulator). */
export function evaluateThresholdFromSorted(choice: ThresholdChoice, sorted: SortedScores): ThresholdEvaluation {
  checkSorted('evaluateThresholdFromSorted', sorted);
  return evaluateOfSorted(choice, sorted);
}

/** @internal Unchecked {@link evaluateThresholdFromSorted}. */
export function evaluateOfSorted(choice: ThresholdChoice, sorted: SortedScores): ThresholdEvaluation {
  return evaluateCounts(choice, countsAtThreshold(sorted, choice.threshold));
}

function evaluateCounts(choice: ThresholdChoice, c: ConfusionCounts): ThresholdEvaluation {
  const predicted = c.tp + c.fp;
  return {
    method: choice.method,
    criterion: choice.criterion,
    threshold: choice.threshold,
    ...c,
    tpr: c.tp / (c.tp + c.fn),
    fpr: c.fp / (c.fp + c.tn),
    precision: predicted === 0 ? 0 : c.tp / predicted,
    f1: (2 * c.tp) / (2 * c.tp + c.fp + c.fn),
    iou: iouFromCounts(c),
    accuracy: (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn),
  };
}
