import * as tf from '@tensorflow/tfjs';
import { createModel } from '../models/create-model';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { computeModelOutputs, mapBatches } from './map-batches';

beforeAll(useTestBackend);

describe('mapBatches', () => {
  it('applies a function batch by batch, keeps order and handles a partial last batch', async () => {
    const x = Float32Array.from({ length: 5 * 2 * 2 * 1 }, (_, i) => i);
    const out = await mapBatches(x, [2, 2, 1], 2, (b) => b.sum([1, 2, 3]).expandDims(1));
    expect(out.itemShape).toEqual([1]);
    expect(Array.from(out.values)).toEqual([6, 22, 38, 54, 70]);
  });

  it('leaves no tensors behind, reports progress and rejects bad input', async () => {
    const x = new Float32Array(7 * 4);
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    await mapBatches(x, [2, 2, 1], 3, (b) => b.mul(2), { onProgress: (done) => seen.push(done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([3, 6, 7]);
    await expect(mapBatches(new Float32Array(5), [2, 2, 1], 2, (b) => b)).rejects.toThrow(/not a multiple/);
    await expect(mapBatches(x, [2, 2, 1], 2, (b) => b.sum())).rejects.toThrow(/first axis/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(mapBatches(new Float32Array(8), [2, 2, 1], 1, (b) => b, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });
});

describe('computeModelOutputs', () => {
  it('gives every output the scorer needs, equal to one big batch', async () => {
    const model = createModel('ae-con', { inputShape: [8, 8, 1], latentDim: 4 });
    const x = syntheticImages(5, [8, 8, 1]);
    const before = tf.memory().numTensors;
    const out = await computeModelOutputs(model, x, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.latents.length).toBe(5 * 4);
    expect(out.reconstructions.length).toBe(5 * 64);
    expect(out.consistencyLatents?.length).toBe(5 * 4);
    expect(out.discriminatorFeatures).toBeUndefined();
    const whole = await computeModelOutputs(model, x, 5);
    for (const [a, b] of [[out.latents, whole.latents], [out.reconstructions, whole.reconstructions]] as const) {
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    }
    model.dispose();
  });
});
