import { sweepScores } from './score-sweep';

describe('sweepScores', () => {
  // Three samples, two neighbours each.
  const terms = {
    neighbourErrors: new Float32Array([0.4, 0.2, 0.5, 0.5, 0.1, 0.3]),
    distances: new Float32Array([0.2, 0.3, 1, 2, 0.5, 0.5]),
    kMax: 2,
  };
  const close = (actual: Float32Array, expected: number[]): void =>
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 6));

  it('gives every K and alpha from one pass (hand-checked)', () => {
    const sweep = sweepScores(terms, [1, 2], [0, 0.5, 1]);
    expect(sweep.alphaConvention).toBe('alpha-weights-nln-error');
    expect(sweep.normalisation).toBe('min-max-over-scored-set');
    const [k1, k2] = sweep.rows;
    // K = 1: e = [0.4, 0.5, 0.1] -> [0.75, 1, 0]; d = [0.2, 1, 0.5] -> [0, 1, 0.375].
    expect(k1.k).toBe(1);
    close(k1.nlnError, [0.4, 0.5, 0.1]);
    close(k1.nlnErrorNormalised, [0.75, 1, 0]);
    close(k1.distanceNormalised, [0, 1, 0.375]);
    close(k1.byAlpha[1].scores, [0.375, 1, 0.1875]);
    // K = 2: e = [0.3, 0.5, 0.2] -> [1/3, 1, 0]; d = [0.25, 1.5, 0.5] -> [0, 1, 0.2].
    close(k2.nlnError, [0.3, 0.5, 0.2]);
    close(k2.distance, [0.25, 1.5, 0.5]);
    close(k2.byAlpha[2].scores, [1 / 3, 1, 0]);
    close(k2.byAlpha[0].scores, [0, 1, 0.2]);
    expect(k2.byAlpha.map((a) => a.alpha)).toEqual([0, 0.5, 1]);
  });

  it('rejects K beyond the search and bad alphas', () => {
    expect(() => sweepScores(terms, [3], [0.5])).toThrow(/K must be an integer in \[1, 2\], got 3/);
    expect(() => sweepScores(terms, [1], [-0.1])).toThrow(/alpha must be in/);
    expect(() => sweepScores(terms, [], [0.5])).toThrow(/at least one K/);
  });
});
