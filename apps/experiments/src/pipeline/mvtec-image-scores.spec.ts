import { createModel, initBackend } from '@nln/models';
import { extractPatches, imageScoresFromPatches, patchGrid } from '@nln/mvtec-patching';
import { NlnScorer } from '@nln/nln-core';
import { generatedImages } from '../test-utils/mvtec-images';
import { scoreImagesOneByOne } from './mvtec-image-scores';
import { mvtecTraining } from './mvtec-training';

beforeAll(() => initBackend({ backend: 'wasm', log: () => undefined }));

describe('scoreImagesOneByOne', () => {
  it('equals scoring every patch of every image at once, then aggregating (mean NLN error, max distance)', async () => {
    const { source } = mvtecTraining(generatedImages(2), { patchSize: 16, seed: 4 });
    const model = createModel('ae', { inputShape: [16, 16, 3], latentDim: 4, seed: 1 });
    const scorer = await NlnScorer.build(model, source, { indexKind: 'tfjs' });
    // Three 48 px test images: 3 x 3 = 9 patches each.
    const grid = patchGrid(48, 48, { patchSize: 16 });
    const patches = generatedImages(3, 48, 8).map((image) => extractPatches(grid, image));
    const ks = [1, 3];
    const one = await scoreImagesOneByOne(scorer, 3, 9, (i) => patches[i], ks);

    const all = new Uint8Array(patches.reduce((n, p) => n + p.length, 0));
    patches.forEach((p, i) => all.set(p, i * p.length));
    const sweep = await scorer.scoreGrid(all, ks, [1]);
    expect(Array.from(one.reconstruction)).toEqual(Array.from(Float32Array.from(imageScoresFromPatches(sweep.reconstruction, 9, 'mean'))));
    sweep.rows.forEach((row, r) => {
      expect(one.terms[r].k).toBe(ks[r]);
      expect(Array.from(one.terms[r].nlnError)).toEqual(Array.from(Float32Array.from(imageScoresFromPatches(row.nlnError, 9, 'mean'))));
      expect(Array.from(one.terms[r].distance)).toEqual(Array.from(Float32Array.from(imageScoresFromPatches(row.distance, 9, 'max'))));
    });
    // Hand check of the aggregation on image 1 at K = 1: the mean of its 9 patch errors, the max of its distances.
    const nln = Array.from(sweep.rows[0].nlnError.subarray(9, 18));
    expect(one.terms[0].nlnError[1]).toBeCloseTo(nln.reduce((a, b) => a + b, 0) / 9, 6);
    expect(one.terms[0].distance[1]).toBe(Math.fround(Math.max(...sweep.rows[0].distance.subarray(9, 18))));
    scorer.dispose();
    model.dispose();
  });
});
