import {
  evaluateThreshold,
  fixedThreshold,
  selectionSplitThreshold,
  thresholdAtFpr,
  youdenOracleThreshold,
  youdenPoint,
} from './thresholds';

// sklearn's example: ROC points (fpr, tpr) per threshold: inf (0, 0), 0.8 (0, .5), 0.4 (.5, .5),
// 0.35 (.5, 1), 0.1 (1, 1). J = tpr - fpr: 0, .5, 0, .5, 0.
const scores = [0.1, 0.4, 0.35, 0.8];
const labels = [0, 0, 1, 1];

describe('youdenPoint', () => {
  it('takes the first maximum of TPR - FPR from the highest threshold down', () => {
    expect(youdenPoint(scores, labels)).toEqual({ threshold: 0.8, j: 0.5, tpr: 0.5, fpr: 0 });
  });

  it('stays at threshold Infinity when no threshold beats J = 0, as argmax over roc_curve does', () => {
    // Reversed scores: 0.9 (normal) gives J = -1, 0.1 gives J = 0; neither beats the first point.
    expect(youdenPoint([0.9, 0.1], [0, 1])).toEqual({ threshold: Infinity, j: 0, tpr: 0, fpr: 0 });
  });
});

describe('thresholdAtFpr', () => {
  it('returns the lowest threshold within the FPR budget', () => {
    expect(thresholdAtFpr(scores, labels, 0.5)).toEqual({ threshold: 0.35, tpr: 1, fpr: 0.5 });
    expect(thresholdAtFpr(scores, labels, 0.49)).toEqual({ threshold: 0.8, tpr: 0.5, fpr: 0 });
    expect(thresholdAtFpr(scores, labels, 1)).toEqual({ threshold: 0.1, tpr: 1, fpr: 1 });
  });

  it('returns Infinity when even the top score is over budget', () => {
    expect(thresholdAtFpr([0.9, 0.1], [0, 1], 0)).toEqual({ threshold: Infinity, tpr: 0, fpr: 0 });
  });

  it('rejects an FPR outside [0, 1]', () => {
    expect(() => thresholdAtFpr(scores, labels, 1.5)).toThrow(/maxFpr must be in \[0, 1\]/);
    expect(() => thresholdAtFpr(scores, labels, NaN)).toThrow(/maxFpr/);
  });
});

describe('threshold choices carry their method', () => {
  it('labels the Youden threshold fit on the scored set as an oracle', () => {
    expect(youdenOracleThreshold(scores, labels)).toEqual({ method: 'youden-oracle', criterion: 'youden', threshold: 0.8 });
  });

  it('labels a fixed user threshold', () => {
    expect(fixedThreshold(0.3)).toEqual({ method: 'fixed', criterion: 'user', threshold: 0.3 });
    expect(() => fixedThreshold(NaN)).toThrow(/NaN/);
  });

  it('chooses on a selection split and applies the threshold unchanged to another split', () => {
    // Selection: 0.7 and 0.6 novel, 0.2 and 0.1 normal. Youden: J = 1 at 0.6. Best F1: 1 at 0.6.
    // Target FPR 0.5: the lowest threshold with at most one of the two normals above it is 0.2.
    const selScores = [0.1, 0.2, 0.6, 0.7];
    const selLabels = [0, 0, 1, 1];
    const choice = selectionSplitThreshold(selScores, selLabels);
    expect(choice).toEqual({ method: 'selection-split', criterion: 'youden', threshold: 0.6 });
    expect(selectionSplitThreshold(selScores, selLabels, { kind: 'best-f1' })).toEqual({
      method: 'selection-split',
      criterion: 'best-f1',
      threshold: 0.6,
    });
    expect(selectionSplitThreshold(selScores, selLabels, { kind: 'target-fpr', maxFpr: 0.5 }).threshold).toBe(0.2);

    // Evaluation split: 0.5 normal, 0.65 novel, 0.55 novel, 0.9 novel. At 0.6: TP 2 (0.65, 0.9), FN 1 (0.55),
    // FP 0, TN 1 -> TPR 2/3, FPR 0, precision 1, F1 4/5, IoU 2/3, accuracy 3/4.
    const evaluation = evaluateThreshold(choice, [0.5, 0.65, 0.55, 0.9], [0, 1, 1, 1]);
    expect(evaluation.method).toBe('selection-split');
    expect(evaluation.criterion).toBe('youden');
    expect(evaluation.threshold).toBe(0.6);
    expect([evaluation.tp, evaluation.fp, evaluation.tn, evaluation.fn]).toEqual([2, 0, 1, 1]);
    expect(evaluation.tpr).toBeCloseTo(2 / 3, 15);
    expect(evaluation.fpr).toBe(0);
    expect(evaluation.precision).toBe(1);
    expect(evaluation.f1).toBeCloseTo(0.8, 15);
    expect(evaluation.iou).toBeCloseTo(2 / 3, 15);
    expect(evaluation.accuracy).toBe(0.75);
  });

  it('reports precision 0 when nothing is predicted novel', () => {
    const evaluation = evaluateThreshold(fixedThreshold(Infinity), [0.1, 0.2], [0, 1]);
    expect(evaluation.precision).toBe(0);
    expect(evaluation.iou).toBe(0);
  });

  it('rejects a set with a single class', () => {
    expect(() => evaluateThreshold(fixedThreshold(0.5), [0.1, 0.9], [0, 0])).toThrow(/only one class/);
  });
});
