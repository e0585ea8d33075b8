/**
 * The best F1 score over all thresholds, and the threshold that attains it.
 */
import { checkSorted, SortedScores, sortByClass, walkThresholds } from './sorted-scores';
import { LabelLike } from './validate';

/** The threshold with the highest F1 and the scores there. Predicted novel when score >= `threshold`. */
export interface BestF1 {
  /** Highest F1 = 2TP / (2TP + FP + FN) over all distinct thresholds. */
  readonly f1: number;
  /** The threshold attaining it (the highest one if several tie). */
  readonly threshold: number;
  /** TP / (TP + FP) at that threshold. */
  readonly precision: number;
  /** TP / positives at that threshold. */
  readonly recall: number;
}

/**
 * Best F1 over every distinct score used as a threshold (score >= threshold is novel), with its threshold,
 * precision and recall. Chosen on the data it is scored on, so it is an oracle value when reported on a
 * test set. Throws {@link MetricError} on invalid input.
 */
export function bestF1(scores: ArrayLike<number>, labels: LabelLike): BestF1 {
  return bestF1OfSorted(sortByClass(scores, labels, 'bestF1'));
}

/** {@link bestF1} from scores already split by class and sorted; checks them first. */
export function bestF1FromSorted(sorted: SortedScores): BestF1 {
  checkSorted('bestF1FromSorted', sorted);
  return bestF1OfSorted(sorted);
}

function bestF1OfSorted(sorted: SortedScores): BestF1 {
  const nPos = sorted.positives.length;
  let best = -1;
  let bestT = Infinity;
  let bestTp = 0;
  let bestFp = 0;
  walkThresholds(sorted, (t, tp, fp) => {
    // F1 = 2TP / (2TP + FP + FN) = 2TP / (TP + FP + positives).
    const f1 = (2 * tp) / (tp + fp + nPos);
    if (f1 > best) {
      best = f1;
      bestT = t;
      bestTp = tp;
      bestFp = fp;
    }
  });
  return { f1: best, threshold: bestT, precision: bestTp / (bestTp + bestFp), recall: bestTp / nPos };
}
