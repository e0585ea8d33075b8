import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperFigures } from '../paper-figures';
import { writeFileAtomic } from '@nln/models';
import { csvField, toCsv } from './csv';
import { heatColour, thinCurve } from './plots';
import type { ResultRow } from './results-schema';
import { markOracles } from './oracle';
import { summariseClasses, summariseGroups } from './summary';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(undefined)).toBe('');
    expect(toCsv([{ a: 1, b: { c: 0.5 } }, { a: 2 }], ['a', 'b.c'])).toBe('a,b.c\n1,0.5\n2,\n');
  });
});

describe('writeFileAtomic', () => {
  it('leaves only the target file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nln-atomic-'));
    try {
      await writeFileAtomic(join(dir, 'sub', 'x.json'), 'one');
      await writeFileAtomic(join(dir, 'sub', 'x.json'), 'two');
      expect(readFileSync(join(dir, 'sub', 'x.json'), 'utf8')).toBe('two');
      expect(readdirSync(join(dir, 'sub'))).toEqual(['x.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('paper figures', () => {
  it('gives Tables 1-2 and the best configurations', () => {
    expect(paperFigures('miso', 'mnist', 'ae').percentIncrease).toBe(9.8);
    expect(paperFigures('simo', 'fashion-mnist', 'ae-con').percentIncrease).toBe(3.49);
    expect(paperFigures('miso', 'mnist', 'ae-con').meanAuroc?.value).toBe(0.921);
    expect(paperFigures('miso', 'mnist', 'ae-con').meanBaselineAuroc?.value).toBe(0.778);
    expect(paperFigures('mvtec', 'mvtec', 'ae').pixelAuroc?.hazelnut).toBe(0.98);
    expect(paperFigures('miso', 'folder', 'ae')).toEqual({});
  });
});

describe('summaries', () => {
  const row = (cls: string, k: number, alpha: number, split: 'selection' | 'evaluation', nln: number, flags: Partial<ResultRow> = {}): ResultRow => ({
    protocol: 'miso', dataset: 'mnist', model: 'ae', class: cls, latentDim: 32, k, alpha, split,
    aurocReconstruction: 0.5, aurocNln: nln, aurocDistance: 0.6, selected: false, perClassMax: false, oracle: false, featureConsistency: 'paper', ...flags,
  });
  // Class means: (1, 1) (.8 + .7) / 2 = .75, (2, 1) (.9 + .4) / 2 = .65: the oracle is (1, 1) although
  // class 0 alone does better at (2, 1); the per-class maxima average (.9 + .7) / 2 = .8.
  const rows = markOracles([
    row('0', 1, 1, 'selection', 0.9),
    row('0', 1, 1, 'evaluation', 0.8, { selected: true }),
    row('0', 2, 1, 'evaluation', 0.9),
    row('1', 1, 1, 'evaluation', 0.7),
    row('1', 2, 1, 'evaluation', 0.4, { selected: true }),
  ]);

  it('picks the selected, oracle and per-class-max evaluation rows and takes class means', () => {
    const classes = summariseClasses(rows);
    expect(classes.map((c) => [c.class, c.selected.aurocNln, c.oracle.aurocNln, c.perClassMax.aurocNln])).toEqual([['0', 0.8, 0.8, 0.9], ['1', 0.4, 0.7, 0.7]]);
    const [group] = summariseGroups(classes);
    expect(group.oracle).toEqual({ k: 1, alpha: 1 });
    expect(group.meanNln).toBeCloseTo(0.6, 12);
    expect(group.meanOracle).toBeCloseTo(0.75, 12);
    expect(group.meanPerClassMax).toBeCloseTo(0.8, 12);
    expect(group.percentIncrease).toBeCloseTo(100 * (1 - 0.5 / 0.6), 10);
    expect(group.percentIncreaseOracle).toBeCloseTo(100 * (1 - 0.5 / 0.75), 10);
    expect(group.paper.percentIncrease).toBe(9.8);
  });

  it('a class without a selected row is an error', () => {
    expect(() => summariseClasses([row('0', 1, 1, 'evaluation', 0.8)])).toThrow('no selected, oracle or per-class-max row');
  });
});

describe('plot helpers', () => {
  it('thins long curves and keeps the ends', () => {
    const fpr = Array.from({ length: 1000 }, (_, i) => i / 999);
    const thin = thinCurve(fpr, fpr, 10);
    expect(thin.fpr).toHaveLength(10);
    expect(thin.fpr[0]).toBe(0);
    expect(thin.fpr[9]).toBe(1);
  });

  it('maps 0 to black and 1 to white on the heat ramp', () => {
    expect(heatColour(0)).toEqual([0, 0, 0]);
    expect(heatColour(1)).toEqual([255, 255, 255]);
    expect(heatColour(NaN)).toEqual([0, 0, 0]);
  });
});
