import { evaluateClass, evaluationRecord, resultRows, testScoreRows, trainingRecord } from './class-evaluation';

describe('class evaluation', () => {
  // Ten samples, the last five novel; the NLN error separates them perfectly, the distance only in part.
  const novel = Uint8Array.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
  const parts = { selection: Int32Array.of(0, 1, 5, 6), evaluation: Int32Array.of(2, 3, 4, 7, 8, 9) };
  const terms = [
    { k: 1, nlnError: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), distance: Float32Array.of(1, 9, 2, 8, 3, 7, 4, 6, 5, 10) },
    { k: 2, nlnError: Float32Array.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), distance: Float32Array.of(1, 9, 2, 8, 3, 7, 4, 6, 5, 10) },
  ];
  const reconstruction = Float32Array.of(5, 4, 3, 2, 1, 1, 2, 3, 4, 5);
  const options = { k: [1, 2], alpha: [0, 1], thresholdMethod: 'best-f1' as const, targetFpr: 0.05 };
  const ev = evaluateClass(terms, reconstruction, novel, parts, options);

  it('is the library\'s held-out evaluation with the run\'s options, keeping the raw terms', () => {
    expect([ev.chosen.k, ev.chosen.alpha]).toEqual([1, 1]);
    expect(ev.points).toHaveLength(4);
    expect(ev.terms).toBe(terms);
    expect(ev.reconstruction).toBe(reconstruction);
    expect(ev.threshold.criterion).toBe('best-f1');
    expect(evaluateClass(terms, reconstruction, novel, parts, { ...options, thresholdMethod: 'target-fpr', targetFpr: 0 }).threshold.criterion).toBe('target-fpr');
  });

  it('writes one row per (K, alpha) and split, marks the chosen row and gives it the pixel metrics', () => {
    const pixel = { pixelAuroc: 0.9, pixelAurocReconstruction: 0.8, iou: 0.5, iouThresholdMethod: 'youden-on-selection', iouThreshold: 0.3, aupro: 0.7 };
    const rows = resultRows({ protocol: 'mvtec', dataset: 'mvtec', model: 'ae', class: 'x', latentDim: 2, featureConsistency: 'reference-code' }, ev, pixel);
    expect(rows.map((r) => r.split)).toEqual(['selection', 'selection', 'selection', 'selection', 'evaluation', 'evaluation', 'evaluation', 'evaluation']);
    const selected = rows.filter((r) => r.selected);
    expect(selected).toHaveLength(1);
    expect(selected[0]).toMatchObject({ k: 1, alpha: 1, split: 'evaluation', aurocNln: 1, pixel });
    expect(rows.filter((r) => r.pixel !== undefined)).toHaveLength(1);
    // Evaluation AUROCs: (1, 1) is 1 and the best; the oracle is left to the merge of the classes.
    expect(rows.filter((r) => r.perClassMax).map((r) => [r.k, r.alpha, r.split])).toEqual([[1, 1, 'evaluation']]);
    expect(rows.some((r) => r.oracle)).toBe(false);
    expect(rows.every((r) => r.featureConsistency === 'reference-code')).toBe(true);
    // Baseline: reconstruction 3, 2, 1 (normal) vs 3, 4, 5 (novel) on the evaluation part; the 3-3 pair is a tie.
    expect(selected[0].aurocReconstruction).toBeCloseTo((2.5 + 3 + 3) / 9, 10);
    expect(resultRows({ protocol: 'miso', dataset: 'mnist', model: 'ae', class: '0', latentDim: 2, featureConsistency: 'paper' }, ev).some((r) => 'pixel' in r)).toBe(false);
  });

  it('keeps per-sample scores, splits and decisions, and the counts of each split', () => {
    const scored = testScoreRows(ev, (i) => `c${i}`);
    expect(scored.map((r) => r.split)).toEqual(['selection', 'selection', 'evaluation', 'evaluation', 'evaluation', 'selection', 'selection', 'evaluation', 'evaluation', 'evaluation']);
    expect(scored.map((r) => r.decision)).toEqual(Array.from(novel));
    expect(scored[3]).toMatchObject({ index: 3, label: 'c3', novel: 0, nlnError: 4, distance: 8, reconstruction: 2 });
    const record = evaluationRecord(ev, 100, [], options);
    expect(record.counts).toEqual({ train: 100, selection: 4, evaluation: 6, selectionNovel: 2, evaluationNovel: 3 });
    expect(record.threshold).toMatchObject({ method: 'best-f1', selectionF1: 1, selectionFpr: 0, selectionTpr: 1 });
    expect(record.chosen).toMatchObject({ k: 1, alpha: 1 });
    expect(record.curves.nln.auroc).toBe(1);
  });

  it('keeps how the BatchNorm statistics were set, when training says', () => {
    const facts = { seconds: 2, imagesPerSecond: 50, history: { loss: [0.5] } };
    const recomputed = trainingRecord(100, { epochs: 1, batchSize: 10 }, { ...facts, batchNorm: { mode: 'recompute', layers: 6, images: 100 } });
    expect(recomputed).toEqual({ images: 100, epochs: 1, batchSize: 10, seconds: 2, imagesPerSecond: 50, lossHistory: { loss: [0.5] }, batchNorm: { mode: 'recompute', layers: 6, images: 100 } });
    expect('batchNorm' in trainingRecord(100, { epochs: 1, batchSize: 10 }, { ...facts, batchNorm: undefined })).toBe(false);
  });
});
