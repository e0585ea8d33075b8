import { runSetup, setupTable, usedVariants, type SetupRecord } from './run-setup';

describe('run setup', () => {
  const record = (model: SetupRecord['model'], latentDim: number, images: number, seconds: number, k: number[]): SetupRecord => ({
    model, latentDim, seed: 42, backend: 'wasm', seconds, options: { profile: 'quick' },
    training: { images, epochs: 4, batchSize: 64 },
    rows: [...k.map((v) => ({ split: 'evaluation' as const, k: v, alpha: 0.5 })), { split: 'selection', k: 99, alpha: 0.25 }],
  });
  const setup = runSetup([record('vae', 32, 3000, 100, [1, 2]), record('ae', 8, 2800, 61, [2, 5]), record('ae', 32, 3000, 20, [1])]);

  it('gathers each value once from the class records', () => {
    expect(setup).toEqual({
      profiles: ['quick'], models: ['vae', 'ae'], epochs: [4], batchSizes: [64], trainImages: { min: 2800, max: 3000 },
      latentDims: [8, 32], k: [1, 2, 5], alpha: [0.5], seeds: [42], backends: ['wasm'], classRuns: 3, classSeconds: 181,
    });
  });

  it('renders the setup beside the paper, with the wall time', () => {
    const table = setupTable(setup, { seconds: 3725, featureConsistency: ['paper'], batchNorm: ['recompute'] }).join('\n');
    expect(table).toContain('| epochs | 4 | 50 (Sec. 4.3) |');
    expect(table).toContain('| training images per class run | 2800-3000 |');
    expect(table).toContain('| latent size L | 8, 32 |');
    expect(table).toContain('| BatchNorm statistics | recompute | moving-average');
    expect(table).toContain('| 1 h 2 min 5 s (3 class runs) |');
  });

  it('lists the Eq. 8 readings, BatchNorm modes and neighbour sources used; a record without a mode adds none', () => {
    const training = { images: 1, epochs: 1, batchSize: 1, seconds: 1, imagesPerSecond: 1, lossHistory: {} };
    const memory = { budgetBytes: 1, budgetFrom: 'option' as const, keptBytes: 1, cacheBytes: 8, neighbourSource: 'decode' as const, peakRssBytes: 1, stages: [] };
    const rows = (featureConsistency: 'paper' | 'reference-code') => [{
      protocol: 'miso' as const, dataset: 'mnist', model: 'ae-con' as const, class: '0', latentDim: 8, k: 1, alpha: 1, split: 'evaluation' as const,
      aurocReconstruction: 0.5, aurocNln: 0.5, aurocDistance: 0.5, selected: true, oracle: false, perClassMax: true, featureConsistency,
    }];
    expect(usedVariants([
      { rows: rows('reference-code'), training: { ...training, batchNorm: { mode: 'recompute', layers: 2, images: 1 } } },
      { rows: rows('paper'), training },
      { rows: rows('paper'), training: { ...training, batchNorm: { mode: 'moving-average', layers: 0, images: 0 } }, memory },
    ])).toEqual({ featureConsistency: ['paper', 'reference-code'], batchNorm: ['moving-average', 'recompute'], neighbourSource: ['decode'] });
  });
});
