import { markOracles, paperOracles, settingKey } from './oracle';
import { resultRowSchema, type ResultRow } from './results-schema';

const row = (cls: string, k: number, alpha: number, nln: number, split: 'selection' | 'evaluation' = 'evaluation', model: ResultRow['model'] = 'ae', featureConsistency: ResultRow['featureConsistency'] = 'paper'): ResultRow => ({
  protocol: 'miso', dataset: 'mnist', model, class: cls, latentDim: 32, k, alpha, split,
  aurocReconstruction: 0.5, aurocNln: nln, aurocDistance: 0.6, selected: false, perClassMax: false, oracle: false, featureConsistency,
});

describe("the paper's oracle", () => {
  // Class 0 is best at (1, 0) with .9, class 1 at (2, 1) with .8: the per-class maxima average .85.
  // Class means: (1, 0) (.9 + .5) / 2 = .70; (2, 1) (.7 + .8) / 2 = .75; (5, .5) (.8 + .6) / 2 = .70.
  // (10, 1) is 1.0 for class 0 but class 1 lacks it, so it has no class mean.
  const rows = [
    row('0', 1, 0, 0.9), row('0', 2, 1, 0.7), row('0', 5, 0.5, 0.8), row('0', 10, 1, 1.0),
    row('1', 1, 0, 0.5), row('1', 2, 1, 0.8), row('1', 5, 0.5, 0.6),
    row('0', 1, 0, 0.99, 'selection'), row('1', 1, 0, 0.99, 'selection'),
  ];
  const key = settingKey(rows[0]);

  it('is the one (K, alpha) with the best class-mean evaluation AUROC, not the per-class maxima', () => {
    const oracle = paperOracles(rows).get(key);
    expect(oracle).toMatchObject({ k: 2, alpha: 1, classes: 2 });
    expect(oracle?.meanAuroc).toBeCloseTo(0.75, 12);
  });

  it('marks the oracle rows and, apart, each class maximum', () => {
    const marked = markOracles(rows);
    expect(marked.filter((r) => r.oracle).map((r) => [r.class, r.k, r.alpha])).toEqual([['0', 2, 1], ['1', 2, 1]]);
    expect(marked.filter((r) => r.perClassMax).map((r) => [r.class, r.k, r.alpha])).toEqual([['0', 10, 1], ['1', 2, 1]]);
    expect(marked.filter((r) => r.split === 'selection').some((r) => r.oracle || r.perClassMax)).toBe(false);
  });

  it('ties go to the smaller K, then the larger alpha; each setting gets its own choice', () => {
    const tied = [row('0', 2, 0.5, 0.8), row('0', 1, 0.2, 0.8), row('0', 1, 0.7, 0.8), row('0', 1, 0.2, 0.9, 'evaluation', 'vae'), row('0', 1, 0.7, 0.6, 'evaluation', 'vae')];
    const oracles = paperOracles(tied);
    expect(oracles.get(settingKey(tied[0]))).toMatchObject({ k: 1, alpha: 0.7 });
    expect(oracles.get(settingKey(tied[3]))).toMatchObject({ k: 1, alpha: 0.2 });
  });

  it("AE-con's two readings of Eq. 8 are separate settings; other models ignore the reading", () => {
    const rows = [row('0', 1, 0, 0.9, 'evaluation', 'ae-con', 'paper'), row('0', 2, 0, 0.7, 'evaluation', 'ae-con', 'paper'), row('0', 1, 0, 0.6, 'evaluation', 'ae-con', 'reference-code'), row('0', 2, 0, 0.8, 'evaluation', 'ae-con', 'reference-code')];
    const oracles = paperOracles(rows);
    expect(oracles.size).toBe(2);
    expect(oracles.get(settingKey(rows[0]))).toMatchObject({ k: 1 });
    expect(oracles.get(settingKey(rows[2]))).toMatchObject({ k: 2 });
    expect(settingKey(row('0', 1, 0, 0.9, 'evaluation', 'ae', 'paper'))).toBe(settingKey(row('0', 1, 0, 0.9, 'evaluation', 'ae', 'reference-code')));
  });

  it('classes that share no (K, alpha) are an error', () => {
    expect(() => paperOracles([row('0', 1, 0, 0.9), row('1', 2, 0, 0.9)])).toThrow('share no (K, alpha)');
  });

  it('re-marks rows written before perClassMax and featureConsistency, whose oracle was the per-class maximum', () => {
    const legacy = (cls: string, k: number, nln: number, oracle: boolean) => resultRowSchema.parse({
      protocol: 'miso', dataset: 'mnist', model: 'ae', class: cls, latentDim: 32, k, alpha: 1, split: 'evaluation',
      aurocReconstruction: 0.5, aurocNln: nln, aurocDistance: 0.5, selected: false, oracle,
    });
    // Class means: K=1 (.9 + .5) / 2 = .7, K=2 (.6 + .9) / 2 = .75.
    const marked = markOracles([legacy('0', 1, 0.9, true), legacy('0', 2, 0.6, false), legacy('1', 1, 0.5, false), legacy('1', 2, 0.9, true)]);
    expect(marked.every((r) => r.featureConsistency === 'paper')).toBe(true);
    expect(marked.map((r) => [r.oracle, r.perClassMax])).toEqual([[false, true], [true, false], [false, false], [true, true]]);
  });
});
