import { combineScores } from './combined-score';

describe('combineScores', () => {
  const e = new Float32Array([0, 0.5, 1]);
  const d = new Float32Array([1, 0, 0.5]);

  it('alpha = 1 is the NLN error alone and alpha = 0 the distance alone', () => {
    expect(Array.from(combineScores(e, d, 1))).toEqual(Array.from(e));
    expect(Array.from(combineScores(e, d, 0))).toEqual(Array.from(d));
  });

  it('alpha weights the NLN error (hand-checked, alpha = 0.6)', () => {
    // 0.6 * 0 + 0.4 * 1, 0.6 * 0.5 + 0.4 * 0, 0.6 * 1 + 0.4 * 0.5
    const s = combineScores(e, d, 0.6);
    [0.4, 0.3, 0.8].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 6));
  });

  it('writes into a given buffer, bit for bit what a new one gets', () => {
    const out = new Float32Array(3);
    expect(combineScores(e, d, 0.6, out)).toBe(out);
    expect(out).toEqual(combineScores(e, d, 0.6));
    expect(() => combineScores(e, d, 0.6, new Float32Array(4))).toThrow(/3 scores but an output of 4/);
  });

  it('rejects alpha outside [0, 1] and mismatched lengths', () => {
    expect(() => combineScores(e, d, 1.5)).toThrow(/alpha must be in \[0, 1\], got 1.5/);
    expect(() => combineScores(e, d, NaN)).toThrow(/alpha must be in/);
    expect(() => combineScores(e, d.subarray(1), 0.5)).toThrow(/3 NLN errors but 2 distances/);
  });
});
