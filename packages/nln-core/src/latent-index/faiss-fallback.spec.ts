import { createLatentIndex } from './create-latent-index';
import { FaissFlatIndex } from './faiss-index';

jest.mock('faiss-node', () => {
  throw new Error('Cannot find module faiss-node build/Release/faiss-node.node');
});

describe('without the faiss addon', () => {
  it("'auto' falls back to tfjs and says so once", () => {
    const log = jest.fn();
    expect(createLatentIndex({ log }).kind).toBe('tfjs-exact');
    expect(createLatentIndex({ log }).kind).toBe('tfjs-exact');
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/faiss-node is not available .*using the exact tfjs latent search/);
  });

  it("'faiss' fails with a clear error", () => {
    expect(() => createLatentIndex({ kind: 'faiss' })).toThrow(/faiss-node addon is not available .*npm run setup/);
    expect(() => new FaissFlatIndex()).toThrow(/FaissFlatIndex: the faiss-node addon is not available/);
  });
});
