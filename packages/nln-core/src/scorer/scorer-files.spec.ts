import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomFakeAutoencoder, randomImages } from '../test-utils/fake-autoencoder';
import { NlnScorer } from './nln-scorer';

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
