import * as tf from '@tensorflow/tfjs';
import { imageSize, type ImageSet, type ImageShape } from '@nln/datasets';
import type { LossHistory, TrainableModel } from '../models/base-model';
import { createRandom, permutation } from '@nln/datasets';
import { arraySource, batchesInOrder, inOrder, isTrainingSource, readBatch, type TrainingSource } from './training-source';
import { assertBatchNormMode, DEFAULT_BATCH_NORM_MODE, recomputeBatchNormStatistics, type BatchNormMode, type BatchNormRecord } from './batch-norm-statistics';

/** Progress of training, reported after every batch. */
export interface TrainProgress {
  /** Epoch being run, from 1 (counting this call's epochs only). */
  readonly epoch: number;
  /** Epochs this call will run. */
  readonly epochs: number;
  /** Batch just finished, from 1. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batches: number;
  /** Loss terms of the batch just finished. */
  readonly losses: Readonly<Record<string, number>>;
  /** Training throughput so far in this call (images per second). */
  readonly imagesPerSecond: number;
  /** Estimated seconds until this call finishes. */
  readonly etaSeconds: number;
}

/** What the epoch-end hook receives. */
export interface EpochEnd {
  /** Epoch just finished, from 1 (this call). */
  readonly epoch: number;
  /** Epochs completed by the model in total (across calls). */
  readonly totalEpochs: number;
  /** Mean of each loss term over the epoch. */
  readonly losses: Readonly<Record<string, number>>;
  /** Seconds the epoch took. */
  readonly seconds: number;
  /** The model being trained (e.g. to save a checkpoint or evaluate). */
  readonly model: TrainableModel;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** Passes over the data (default 1). */
  readonly epochs?: number;
  /** Images per batch (default 1024, the reference's); the last partial batch is kept. */
  readonly batchSize?: number;
  /** Seed of the per-epoch shuffles (default: the model's seed). */
  readonly seed?: number;
  /** Shuffle every epoch (default true). */
  readonly shuffle?: boolean;
  /** Called after every batch. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Awaited after every epoch (save checkpoints, evaluate, log). */
  readonly onEpochEnd?: (end: EpochEnd) => void | Promise<void>;
  /** Stops training after the current batch when aborted. */
  readonly signal?: AbortSignal;
  /**
   * What to do with the BatchNorm moving statistics when the epochs end (default `recompute`: one
   * forward pass over the training data in order, see {@link BatchNormMode}); skipped when cancelled.
   */
  readonly batchNorm?: BatchNormMode;
}

/** Result of {@link train}. */
export interface TrainResult {
  /** Epochs completed in this call (an aborted epoch is not counted). */
  readonly epochsCompleted: number;
  /** Per-epoch mean of each loss term, for this call's completed epochs. */
  readonly history: LossHistory;
  /** Whether `signal` stopped training early. */
  readonly cancelled: boolean;
  /** Mean training throughput over this call (images per second). */
  readonly imagesPerSecond: number;
}

function checkShape(shape: ImageShape, model: TrainableModel): void {
  const [h, w, c] = model.inputShape;
  if (shape[0] !== h || shape[1] !== w || shape[2] !== c) {
    throw new Error(`images are ${shape.join('x')} but the model expects ${h}x${w}x${c}`);
  }
}

/** Checks the images and returns the count; images must be float values in [0, 1], NHWC. */
function checkImages(images: Float32Array, shape: ImageShape, model: TrainableModel): number {
  checkShape(shape, model);
  const [h, w, c] = shape;
  const size = imageSize(shape);
  if (images.length === 0 || images.length % size !== 0) {
    throw new Error(`image data has ${images.length} values, not a positive multiple of ${h}*${w}*${c} = ${size}`);
  }
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    if (!(v >= 0 && v <= 1)) {
      throw new Error(`image data must be in [0, 1] (normalise first); value ${v} at index ${i} (image ${Math.floor(i / size)})`);
    }
  }
  return images.length / size;
}

/**
 * The source behind `images`: an array or image set is checked whole now (shape, size, values) and
 * marked checked; a {@link TrainingSource} is checked for shape now and for values batch by batch.
 */
function resolveSource(model: TrainableModel, images: Float32Array | ImageSet | TrainingSource): { source: TrainingSource; checked: boolean } {
  if (isTrainingSource(images)) {
    checkShape(images.shape, model);
    if (!Number.isInteger(images.count) || images.count <= 0) throw new Error(`a training source needs a positive sample count, got ${images.count}`);
    return { source: images, checked: false };
  }
  if (images instanceof Float32Array) {
    checkImages(images, model.inputShape, model);
    return { source: arraySource(images, model.inputShape), checked: true };
  }
  if (!(images.images instanceof Float32Array)) {
    throw new Error('train needs Float32Array pixels in [0, 1]; normalise the ImageSet first (it holds Uint8Array pixels)');
  }
  checkImages(images.images, images.shape, model);
  return { source: arraySource(images.images, images.shape), checked: true };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

async function settleBatchNorm(model: TrainableModel, mode: BatchNormMode, batches: () => AsyncIterable<tf.Tensor4D>): Promise<BatchNormRecord> {
  if (mode === 'moving-average') return { mode, layers: 0, images: 0 };
  return { mode, ...(await recomputeBatchNormStatistics(model, batches())) };
}

/**
 * Trains `model` on `images` (NHWC float values in [0, 1]: a Float32Array shaped like the model's
 * input, an `ImageSet` of Float32Array, or a {@link TrainingSource} that reads samples by index),
 * reshuffling each epoch from a seeded generator (the same seed gives the same batches from any source).
 * Appends each epoch's loss means to `model.trainingLog`. When the epochs end, BatchNorm statistics are
 * re-estimated over `images` unless `options.batchNorm` is `moving-average` (recorded in
 * `model.trainingLog.batchNorm`). Resolves early (with `cancelled`) when
 * `options.signal` aborts; leaves no tensors behind.
 *
 * @example
 * const result = await train(createModel('ae', { inputShape: [28, 28, 1] }), normalised, { epochs: 5, batchSize: 128 });
 */
export async function train(model: TrainableModel, images: Float32Array | ImageSet | TrainingSource, options: TrainOptions = {}): Promise<TrainResult> {
  const { source, checked } = resolveSource(model, images);
  const count = source.count;
  const epochs = positiveInteger('epochs', options.epochs ?? 1);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 1024);
  const seed = options.seed ?? model.config.seed;
  const shuffle = options.shuffle ?? true;
  const batchNorm = options.batchNorm ?? DEFAULT_BATCH_NORM_MODE;
  assertBatchNormMode(batchNorm);
  const batches = Math.ceil(count / batchSize);
  const log = model.trainingLog;
  const history: LossHistory = Object.fromEntries(model.lossNames.map((n) => [n, []]));
  for (const name of model.lossNames) log.history[name] ??= [];
  log.options = { epochs, batchSize, seed, shuffle, images: count, batchNorm };

  const start = performance.now();
  let seen = 0;
  let cancelled = false;
  let epochsCompleted = 0;
  for (let epoch = 1; epoch <= epochs && !cancelled; epoch++) {
    const epochStart = performance.now();
    // One generator per (seed, global epoch): resuming training continues the shuffle sequence.
    const order = shuffle ? permutation(count, createRandom(seed * 1009 + log.epochs + 1)) : inOrder(count);
    const sums: Record<string, number> = Object.fromEntries(model.lossNames.map((n) => [n, 0]));
    let epochSeen = 0;
    for (let b = 0; b < batches; b++) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      const from = b * batchSize;
      const n = Math.min(batchSize, count - from);
      const x = await readBatch(source, order.subarray(from, from + n), checked);
      let stepLosses: Record<string, tf.Scalar>;
      try {
        stepLosses = model.trainStep(x);
      } finally {
        x.dispose();
      }
      const values: Record<string, number> = {};
      for (const [name, t] of Object.entries(stepLosses)) {
        values[name] = (await t.data())[0];
        t.dispose();
        sums[name] += values[name] * n;
        if (!Number.isFinite(values[name])) {
          throw new Error(`loss '${name}' became ${values[name]} at epoch ${epoch}, batch ${b + 1}`);
        }
      }
      seen += n;
      epochSeen += n;
      const elapsed = (performance.now() - start) / 1000;
      const imagesPerSecond = seen / Math.max(elapsed, 1e-9);
      const remaining = (epochs - epoch) * count + (count - epochSeen);
      options.onProgress?.({ epoch, epochs, batch: b + 1, batches, losses: values, imagesPerSecond, etaSeconds: remaining / imagesPerSecond });
    }
    if (cancelled) break;
    const means: Record<string, number> = {};
    for (const name of model.lossNames) {
      means[name] = sums[name] / count;
      history[name].push(means[name]);
      log.history[name].push(means[name]);
    }
    log.epochs += 1;
    epochsCompleted += 1;
    await options.onEpochEnd?.({ epoch, totalEpochs: log.epochs, losses: means, seconds: (performance.now() - epochStart) / 1000, model });
  }
  if (!cancelled) log.batchNorm = await settleBatchNorm(model, batchNorm, () => batchesInOrder(source, batchSize, checked));
  const elapsed = (performance.now() - start) / 1000;
  return { epochsCompleted, history, cancelled, imagesPerSecond: seen / Math.max(elapsed, 1e-9) };
}
