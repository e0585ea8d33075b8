import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TfjsExactIndex } from '../latent-index/tfjs-exact-index';
import { randomFakeAutoencoder, randomImages } from '../test-utils/fake-autoencoder';
import { createNeighbourCache, setCacheRows } from './neighbour-cache';
import { NlnScorer } from './nln-scorer';
import { readScorerState, writeScorerState } from './scorer-files';
import type { NlnScorerState } from './types';

// This machine has faiss; simulate one that does not.
jest.mock('faiss-node', () => {
  throw new Error('Cannot find module faiss-node build/Release/faiss-node.node');
});

describe('a saved scorer whose faiss index cannot load here', () => {
  it('is rebuilt from the saved latents with the tfjs index, with the same scores', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-fallback-'));
    const model = randomFakeAutoencoder(8, [3, 3, 1], 2);
    try {
      const scorer = await NlnScorer.build(model, randomImages(30, 9, 1), { indexKind: 'tfjs' });
      await scorer.calibrate(randomImages(10, 9, 2), { k: 2, alpha: 0.5 });
      const queries = randomImages(5, 9, 3);
      const before = await scorer.score(queries);
      await scorer.save(dir);
      scorer.dispose();
      // Pretend the index was saved by faiss on another machine.
      const manifestFile = path.join(dir, 'latent-index', 'latent-index.json');
      const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
      await fs.writeFile(manifestFile, JSON.stringify({ ...manifest, kind: 'faiss-flat', dataFile: 'latent-index.faiss' }));
      const log = jest.fn();
      const loaded = await NlnScorer.load(dir, model, { log });
      expect(log.mock.calls[0][0]).toMatch(/saved as a faiss index but faiss-node is not available here; rebuilding/);
      expect(loaded.search.kind).toBe('tfjs-exact');
      expect((await loaded.score(queries)).samples.map((s) => s.score)).toEqual(before.samples.map((s) => s.score));
      loaded.dispose();
    } finally {
      model.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writeScorerState and readScorerState', () => {
  it('write and read back a state alone, without a scorer, and check it against the model', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-state-'));
    const model = { kind: 'ae-res', inputShape: [1, 2, 1], latentDim: 2 } as const;
    const index = new TfjsExactIndex();
    try {
      const trainLatents = new Float32Array([0, 1, 2, 3, 4, 5]);
      index.add(trainLatents, 2);
      const cache = createNeighbourCache(3, 2, true);
      setCacheRows(cache, 0, new Float32Array([0, 1, 0.5, 0.5, 1, 0]), 2);
      const state: NlnScorerState = {
        errorMode: 'residual',
        featureConsistency: 'paper',
        neighbourSource: 'cache-uint8',
        trainLatents,
        trainCount: 3,
        cache,
        cacheFeatureSize: 2,
        index,
        calibration: {
          k: 2,
          alpha: 0.5,
          constants: { reconstruction: { min: 0, max: 1 }, nlnError: { min: 0.1, max: 0.2 }, distance: { min: 1, max: 3 } },
          selectionCount: 4,
        },
        threshold: { value: 0.7, method: 'test' },
        recall: null,
      };
      await writeScorerState(dir, state, model);
      const read = await readScorerState(dir, model);
      expect({ ...read, index: null }).toEqual({ ...state, index: null });
      expect([read.index.kind, read.index.size, read.index.dim]).toEqual(['tfjs-exact', 3, 2]);
      read.index.dispose();
      await expect(readScorerState(dir, { ...model, latentDim: 3 })).rejects.toThrow(/scorer\.json: was built for latent size 2, the model has 3/);
    } finally {
      index.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
