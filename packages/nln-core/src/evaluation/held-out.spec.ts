import { evaluateHeldOut } from './held-out';

describe('evaluateHeldOut', () => {
  // Ten samples, the last five novel; at K = 1 the NLN error separates them perfectly, at K = 2 it
  // ranks them backwards; the distance (the same at both K) separates them only in part.
  const novel = new Uint8Array(10).fill(1, 5);
  const split = { selection: Int32Array.from([0, 1, 5, 6]), evaluation: Int32Array.from([2, 3, 4, 7, 8, 9]) };
  const ascending = Float32Array.from({ length: 10 }, (_, i) => i + 1);
  const distance = Float32Array.from([1, 9, 2, 8, 3, 7, 4, 6, 5, 10]);
  const terms = [1, 2].map((k) => ({ k, nlnError: k === 1 ? ascending : ascending.slice().reverse(), distance }));
  const reconstruction = Float32Array.from([5, 4, 3, 2, 1, 1, 2, 3, 4, 5]);
  const ev = evaluateHeldOut(terms, reconstruction, novel, split, { ks: [1, 2], alphas: [0, 1], threshold: { kind: 'best-f1' } });

  it('scores every (K, alpha) on both parts, and chooses on the selection part', () => {
    expect(ev.points.map((p) => [p.k, p.alpha, p.selection, p.evaluation])).toEqual([
      [1, 0, 0.5, 7 / 9],
      [1, 1, 1, 1],
      [2, 0, 0.5, 7 / 9],
      [2, 1, 0, 0],
    ]);
    expect([ev.chosen.k, ev.chosen.alpha]).toEqual([1, 1]);
    expect(ev.perClassMax).toBe(ev.chosen);
    // Distance alone: selection 1, 9 (normal) vs 7, 4 (novel), 2 of 4 pairs ordered; evaluation 2, 8, 3 vs 6, 5, 10, 7 of 9.
    expect(ev.points[0].distanceSelection).toBe(0.5);
  });

  it('fits the constants on the selection part only, and scores every sample with them', () => {
    // Selection indices 0, 1, 5, 6: NLN error 1, 2, 6, 7; distance 1, 9, 7, 4; reconstruction 5, 4, 1, 2.
    expect(ev.calibration).toEqual({
      k: 1,
      alpha: 1,
      constants: { reconstruction: { min: 1, max: 5 }, nlnError: { min: 1, max: 7 }, distance: { min: 1, max: 9 } },
      selectionCount: 4,
    });
    // alpha = 1: the score is the NLN error alone, (e - 1) / 6, beyond [0, 1] outside the selection's range.
    expect(Array.from(ev.scores)).toEqual(Array.from({ length: 10 }, (_, i) => Math.fround(Math.fround(i) / 6)));
  });

  it('sets the threshold on the selection part and reports the baseline on both parts', () => {
    expect(ev.onSelection).toMatchObject({ f1: 1, fpr: 0, tpr: 1 });
    expect(Array.from(ev.selectionLabels)).toEqual([0, 0, 1, 1]);
    // Evaluation: reconstruction 3, 2, 1 (normal) vs 3, 4, 5 (novel); the 3-3 pair is a tie.
    expect(ev.baseline.evaluation).toBeCloseTo((2.5 + 3 + 3) / 9, 10);
    // Selection: 5, 4 (normal) vs 1, 2 (novel): every pair reversed.
    expect(ev.baseline.selection).toBe(0);
  });

  it('rejects a K it has no terms for, and terms of another length, by name', () => {
    expect(() => evaluateHeldOut(terms, reconstruction, novel, split, { ks: [3], alphas: [1], threshold: { kind: 'best-f1' } })).toThrow('K = 3 is not in the scored terms (have 1, 2)');
    expect(() => evaluateHeldOut(terms, reconstruction.subarray(1), novel, split, { ks: [1], alphas: [1], threshold: { kind: 'best-f1' } })).toThrow('9 reconstruction errors for 10 labels');
    expect(() => evaluateHeldOut(terms, reconstruction, novel, { ...split, evaluation: new Int32Array(0) }, { ks: [1], alphas: [1], threshold: { kind: 'best-f1' } })).toThrow('both parts of the split need samples');
  });
});
