import { createRandom } from '@nln/datasets';
import { createModel, initBackend, train } from '@nln/models';
import { trainingSamples } from '@nln/mvtec-patching';
import { generatedImages } from '../test-utils/mvtec-images';
import { mvtecSampleOptions, mvtecTraining } from './mvtec-training';

beforeAll(() => initBackend({ backend: 'wasm', log: () => undefined }));

describe('mvtecTraining: MVTec training samples cut batch by batch from byte images', () => {
  // 80 px, 16-px patches: 25 patches and (central 64 px, 27-px tiles) 4 crops per image; 2 images: 58, rotated 116.
  const images = generatedImages(2);
  const len = 16 * 16 * 3;
  const reference = Float32Array.from(trainingSamples(images, createRandom(9), mvtecSampleOptions(80, 16)).data, (v) => v / 255);

  it('gives the samples of the materialised reference (same seed), in any order asked', async () => {
    const { source, plan, cropsFit } = mvtecTraining(images, { patchSize: 16, seed: 9 });
    expect([source.count, plan.patchCount, plan.cropCount, cropsFit]).toEqual([116, 50, 8, true]);
    expect(source.shape).toEqual([16, 16, 3]);
    const indices = Int32Array.from([115, 0, 57, 58, 3, 3]);
    const out = new Float32Array(indices.length * len);
    await source.read(indices, out);
    indices.forEach((s, j) => expect(out.subarray(j * len, (j + 1) * len)).toEqual(reference.subarray(s * len, (s + 1) * len)));
  });

  it('trains to the same weights and losses as the materialised array', async () => {
    const weights = async (m: ReturnType<typeof createModel>) => Promise.all([...m.networks.encoder.getWeights(), ...m.networks.decoder.getWeights()].map((w) => w.data()));
    const { source } = mvtecTraining(images, { patchSize: 16, seed: 9 });
    const fromArray = createModel('ae', { inputShape: [16, 16, 3], latentDim: 4, seed: 2 });
    const fromSource = createModel('ae', { inputShape: [16, 16, 3], latentDim: 4, seed: 2 });
    const options = { epochs: 1, batchSize: 32, seed: 9 };
    const a = await train(fromArray, reference, options);
    const b = await train(fromSource, source, options);
    expect(b.history).toEqual(a.history);
    expect(await weights(fromSource)).toEqual(await weights(fromArray));
    fromArray.dispose();
    fromSource.dispose();
  });

  it('keeps the first --limit samples, and leaves out crops that do not fit', () => {
    expect(mvtecTraining(images, { patchSize: 16, seed: 9, limit: 20 }).source.count).toBe(20);
    // 30 px: one 16-px patch, and the central 24 px hold no 27-px tile.
    const small = generatedImages(1, 30);
    const t = mvtecTraining(small, { patchSize: 16, seed: 9 });
    expect([t.cropsFit, t.plan.cropCount, t.source.count]).toEqual([false, 0, 2]);
    expect(() => mvtecTraining([], { patchSize: 16, seed: 9 })).toThrow(/no training images/);
  });
});
