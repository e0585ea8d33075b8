import { markOracles } from './oracle';
import { increaseTables } from './increase-tables';
import type { ResultRow } from './results-schema';
import { summariseClasses, summariseGroups } from './summary';

describe('increase tables', () => {
  const row = (model: ResultRow['model'], latentDim: number, nln: number, featureConsistency: ResultRow['featureConsistency'] = 'paper'): ResultRow => ({
    protocol: 'miso', dataset: 'mnist', model, class: '0', latentDim, k: 1, alpha: 1, split: 'evaluation',
    aurocReconstruction: 0.5, aurocNln: nln, aurocDistance: 0.5, selected: true, oracle: false, perClassMax: false, featureConsistency,
  });
  const groups = summariseGroups(summariseClasses(markOracles([row('vae', 32, 0.8), row('ae', 32, 0.625), row('ae', 8, 1), row('ae-con', 8, 0.5, 'reference-code')])));

  it('has one table per L, models in the paper order, each cell ours / oracle (paper)', () => {
    const text = increaseTables(groups).join('\n');
    // % increase = 100 * (1 - 0.5 / nln): 0.625 -> 20.0, 0.8 -> 37.5, 1 -> 50.0, 0.5 -> 0.0.
    expect(text).toContain('## L = 8: mean % AUROC increase');
    expect(text).toContain('| | AE | AE-CON (Eq. 8 reference-code) |\n|---|---|---|\n| MISO mnist | 50.0 / 50.0 (9.8) | 0.0 / 0.0 (14.2) |');
    expect(text).toContain('| | AE | VAE |\n|---|---|---|\n| MISO mnist | 20.0 / 20.0 (9.8) | 37.5 / 37.5 (11.7) |');
    expect(text.indexOf('L = 8')).toBeLessThan(text.indexOf('L = 32'));
  });
});
