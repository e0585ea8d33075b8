import * as tf from '@tensorflow/tfjs';
import { createModel } from '../models/create-model';
import { MODEL_KINDS, type ModelKind } from '../models/model-kinds';
import type { TrainableModel } from '../models/base-model';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { batchNormLayers, recomputeBatchNormStatistics, type BatchNormFeeder } from './batch-norm-statistics';
import { train } from './train';

beforeAll(useTestBackend);

const shape = [8, 8, 1] as const;
const COUNT = 10;

function batchesOf(images: Float32Array, sizes: number[]): tf.Tensor4D[] {
  const per = shape[0] * shape[1] * shape[2];
  let from = 0;
  return sizes.map((n) => {
    const t = tf.tensor4d(images.slice(from * per, (from + n) * per), [n, ...shape]);
    from += n;
    return t;
  });
}

/**
 * Reference statistics without the module: walks a chain network layer by layer in training mode and
 * records, for every BatchNorm layer, the per-channel mean and biased variance of its input.
 */
function walkMoments(network: tf.LayersModel, input: tf.Tensor): { mean: number[]; variance: number[] }[] {
  return tf.tidy(() => {
    const out: { mean: number[]; variance: number[] }[] = [];
    let t = input;
    const last = network.layers.lastIndexOf(batchNormLayers(network).at(-1) as tf.layers.Layer);
    for (const layer of network.layers.slice(1, last + 1)) {
      if (layer.getClassName() === 'BatchNormalization') {
        const axes = t.shape.slice(0, -1).map((_, a) => a);
        const m = tf.moments(t, axes);
        out.push({ mean: Array.from(m.mean.dataSync()), variance: Array.from(m.variance.dataSync()) });
      }
      t = layer.apply(t, { training: true }) as tf.Tensor;
    }
    return out;
  });
}

function movingStatistics(network: tf.LayersModel): { mean: number[]; variance: number[] }[] {
  return batchNormLayers(network).map((layer) => {
    const [mean, variance] = layer.getWeights().slice(2);
    return { mean: Array.from(mean.dataSync()), variance: Array.from(variance.dataSync()) };
  });
}

function expectClose(got: number[], want: number[], tol = 1e-4): void {
  expect(got).toHaveLength(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]))));
}

describe('recomputeBatchNormStatistics', () => {
  it('sets each layer to the image-weighted mean of its training-mode batch statistics (batches 4, 4, 2)', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4, seed: 5, learningRates: { autoencoder: 1e-2 } });
    const images = syntheticImages(COUNT, shape, 3);
    await train(model, images, { epochs: 2, batchSize: 5, batchNorm: 'moving-average' });
    const { encoder, decoder } = model.networks;
    // A fixed feed (the encoder's training-mode codes computed once), so the reference sees the same inputs.
    const sizes = [4, 4, 2];
    const feeds = batchesOf(images, sizes).map((x) => ({ x, z: tf.tidy(() => encoder.apply(x, { training: true }) as tf.Tensor) }));
    const want = [encoder, decoder].map((net, which) => {
      const perBatch = feeds.map(({ x, z }) => walkMoments(net, which === 0 ? x : z));
      return perBatch[0].map((_, layer) => {
        const avg = (key: 'mean' | 'variance') =>
          perBatch[0][layer][key].map((_, c) => perBatch.reduce((s, b, i) => s + b[layer][key][c] * sizes[i], 0) / COUNT);
        return { mean: avg('mean'), variance: avg('variance') };
      });
    });
    const feeder: BatchNormFeeder = {
      batchNormFeeds: (x) => {
        const feed = feeds.find((f) => f.x.shape[0] === x.shape[0] && f.x.dataSync()[0] === x.dataSync()[0]);
        if (feed === undefined) throw new Error('unexpected batch');
        return [
          { network: encoder, input: x },
          { network: decoder, input: feed.z },
        ];
      },
    };
    const before = tf.memory().numTensors;
    const result = await recomputeBatchNormStatistics(feeder, batchesOf(images, sizes));
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toEqual({ layers: 5, images: COUNT });
    [encoder, decoder].forEach((net, which) => {
      const got = movingStatistics(net);
      expect(got).toHaveLength(which === 0 ? 3 : 2);
      got.forEach((g, layer) => {
        expectClose(g.mean, want[which][layer].mean);
        expectClose(g.variance, want[which][layer].variance);
      });
    });
    feeds.forEach(({ x, z }) => tf.dispose([x, z]));
    model.dispose();
  });
});

const EXPECTED_LAYERS: Record<ModelKind, number> = { ae: 5, aae: 5, vae: 5, 'ae-res': 8, 'ae-con': 11 };

describe.each(MODEL_KINDS)('train with batchNorm (%s)', (kind: ModelKind) => {
  async function trained(batchNorm: 'recompute' | 'moving-average'): Promise<{ model: TrainableModel; images: Float32Array }> {
    const model = createModel(kind, { inputShape: shape, latentDim: 4, seed: 7, learningRates: { autoencoder: 1e-2 } });
    const images = syntheticImages(COUNT, shape, 11);
    await train(model, images, { epochs: 2, batchSize: COUNT, batchNorm });
    return { model, images };
  }

  it('recompute: inference-mode encoder equals training-mode encoder on the training set (one batch)', async () => {
    const { model, images } = await trained('recompute');
    expect(model.trainingLog.batchNorm).toEqual({ mode: 'recompute', layers: EXPECTED_LAYERS[kind], images: COUNT });
    const x = tf.tensor4d(images, [COUNT, ...shape]);
    const [inference, training] = [false, true].map((t) => {
      const out = model.networks.encoder.apply(x, { training: t }) as tf.Tensor | tf.Tensor[];
      const values = Array.from((Array.isArray(out) ? out[0] : out).dataSync());
      tf.dispose(out);
      return values;
    });
    expectClose(inference, training);
    x.dispose();
    model.dispose();
  });

  it('moving-average keeps the exponential average, which does not match the training set', async () => {
    const { model, images } = await trained('moving-average');
    expect(model.trainingLog.batchNorm).toEqual({ mode: 'moving-average', layers: 0, images: 0 });
    const x = tf.tensor4d(images, [COUNT, ...shape]);
    const [moving] = movingStatistics(model.networks.encoder);
    const [first] = walkMoments(model.networks.encoder, x);
    // Two steps at momentum 0.99 leave about 98% of the initial mean 0.
    const gap = Math.max(...first.mean.map((m, c) => Math.abs(m - moving.mean[c])));
    expect(gap).toBeGreaterThan(1e-2);
    x.dispose();
    model.dispose();
  });
});

describe('scores after recompute', () => {
  it('do not depend on the batch: one image alone reconstructs as it does inside a batch', async () => {
    const model = createModel('ae', { inputShape: shape, latentDim: 4, seed: 2 });
    const images = syntheticImages(COUNT, shape, 4);
    await train(model, images, { epochs: 1, batchSize: 4 });
    const all = tf.tidy(() => Array.from(model.reconstruct(tf.tensor4d(images, [COUNT, ...shape])).dataSync()));
    const per = shape[0] * shape[1];
    for (const i of [0, 7]) {
      const one = tf.tidy(() => Array.from(model.reconstruct(tf.tensor4d(images.slice(i * per, (i + 1) * per), [1, ...shape])).dataSync()));
      expectClose(one, all.slice(i * per, (i + 1) * per), 1e-5);
    }
    model.dispose();
  });
});
