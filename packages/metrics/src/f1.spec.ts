import { bestF1 } from './f1';

describe('bestF1', () => {
  it('finds the best threshold on a hand-checked case', () => {
    // Scores 0.8 (novel), 0.4 (normal), 0.35 (novel), 0.1 (normal). F1 = 2TP / (2TP + FP + FN):
    // t=0.8: 2/(2+0+1) = 2/3; t=0.4: 2/(2+1+1) = 1/2; t=0.35: 4/(4+1+0) = 4/5; t=0.1: 4/(4+2+0) = 2/3.
    expect(bestF1([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toEqual({
      f1: 0.8,
      threshold: 0.35,
      precision: 2 / 3,
      recall: 1,
    });
  });

  it('keeps the highest threshold when F1 ties', () => {
    // t=2: TP 1, FP 0, FN 1 -> 2/3; t=1: TP 2, FP 2, FN 0 -> 4/6 = 2/3. The first (t=2) is kept.
    expect(bestF1([2, 1, 1, 1], [1, 1, 0, 0]).threshold).toBe(2);
  });

  it('rejects bad input', () => {
    expect(() => bestF1([Infinity, 1], [1, 0])).toThrow(/index 0 is Infinity/);
    expect(() => bestF1([1, 2], [1, 1])).toThrow(/only one class/);
  });
});
