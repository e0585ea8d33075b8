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

describe('mapBatches over a pass', () => {
  it('reads each batch (also asynchronously), hands every output to take in order and leaves no tensors behind', async () => {
    const rows = Float32Array.from({ length: 5 * 2 }, (_, i) => i);
    const before = tf.memory().numTensors;
    const taken: [number, number, number[], number[], readonly number[]][] = [];
    const progress: number[] = [];
    await mapBatches(
      {
        count: 5,
        read: async (start, end) => tf.tensor2d(rows.subarray(start * 2, end * 2), [end - start, 2]),
        run: (batch) => [batch.sum(1), batch.mul(10)],
        take: ([sums, scaled], start, end) => {
          taken.push([start, end, Array.from(sums.values), Array.from(scaled.values), scaled.itemShape]);
        },
      },
      2,
      { onProgress: (done) => progress.push(done) },
    );
    expect(taken).toEqual([
      [0, 2, [1, 5], [0, 10, 20, 30], [2]],
      [2, 4, [9, 13], [40, 50, 60, 70], [2]],
      [4, 5, [17], [80, 90], [2]],
    ]);
    expect(progress).toEqual([2, 4, 5]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("checks the batch size before reading, and each output's first axis", async () => {
    const read = jest.fn((start: number, end: number) => tf.zeros([end - start, 1]));
    const pass = { count: 3, read, run: (b: tf.Tensor) => [b], take: () => undefined };
    for (const bad of [0, -1, 1.5, Number.NaN]) await expect(mapBatches(pass, bad)).rejects.toThrow(`batchSize must be a positive integer, got ${bad}`);
    expect(read).not.toHaveBeenCalled();
    const before = tf.memory().numTensors;
    await expect(mapBatches({ ...pass, run: (b: tf.Tensor) => [b, b.sum()] }, 2)).rejects.toThrow(/first axis/);
    expect(tf.memory().numTensors).toBe(before);
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
