import * as tf from '@tensorflow/tfjs';
import { createModel } from '../models/create-model';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { train, type TrainProgress } from './train';

beforeAll(useTestBackend);

const shape = [8, 8, 1] as const;

describe('train', () => {
  it('records per-epoch losses, reports progress and hooks, leaks nothing, and the loss falls', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4, seed: 2, learningRates: { autoencoder: 1e-2 } });
    const images = syntheticImages(3, shape, 4);
    const progress: TrainProgress[] = [];
    const ends: number[] = [];
    const before = tf.memory().numTensors;
    const result = await train(model, images, {
      epochs: 4,
      batchSize: 1,
      onProgress: (p) => progress.push(p),
      onEpochEnd: async ({ totalEpochs }) => {
        ends.push(totalEpochs);
      },
    });
    // Adam creates its two moment slots per variable on the first step; nothing else may remain.
    expect(tf.memory().numTensors).toBe(before + 2 * model.networks.encoder.trainableWeights.length + 2 * model.networks.decoder.trainableWeights.length + 2);
    expect(result.epochsCompleted).toBe(4);
    expect(result.cancelled).toBe(false);
    expect(result.history['reconstruction']).toHaveLength(4);
    expect(model.trainingLog.epochs).toBe(4);
    expect(result.history['reconstruction'][3]).toBeLessThan(result.history['reconstruction'][0]);
    expect(ends).toEqual([1, 2, 3, 4]);
    expect(progress).toHaveLength(12);
    expect(progress[11]).toMatchObject({ epoch: 4, epochs: 4, batch: 3, batches: 3 });
    expect(progress[11].etaSeconds).toBe(0);
    expect(progress[0].imagesPerSecond).toBeGreaterThan(0);
    model.dispose();
  });

  it('stops when the signal aborts and keeps only completed epochs', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4 });
    const controller = new AbortController();
    const result = await train(model, syntheticImages(3, shape), {
      epochs: 5,
      batchSize: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2 && p.batch === 1) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.epochsCompleted).toBe(1);
    expect(model.trainingLog.history['reconstruction']).toHaveLength(1);
    model.dispose();
  });

  it('rejects data of the wrong shape, values outside [0, 1] and Uint8 image sets', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4 });
    await expect(train(model, new Float32Array(63))).rejects.toThrow(/not a positive multiple/);
    const bad = new Float32Array(64);
    bad[5] = 255;
    await expect(train(model, bad)).rejects.toThrow(/\[0, 1\].*index 5/);
    const set = { images: new Uint8Array(64), labels: new Int32Array(1), classNames: ['a'], shape: [8, 8, 1] as const, count: 1 };
    await expect(train(model, set)).rejects.toThrow(/normalise/);
    await expect(train(model, { ...set, images: new Float32Array(16), shape: [4, 4, 1] as const })).rejects.toThrow(/4x4x1 but the model expects 8x8x1/);
    model.dispose();
  });
});
