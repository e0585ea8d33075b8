import * as tf from '@tensorflow/tfjs';
import { imageSize, type ImageShape } from '@nln/datasets';
import type { Autoencoder } from '../autoencoder';

/** Options of {@link mapBatches}. */
export interface MapBatchesOptions {
  /** Called after each batch with the number of images done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops between batches with an `AbortError` when aborted. */
  readonly signal?: AbortSignal;
}

/** A typed-array result of {@link mapBatches}: values and the shape of one item's output. */
export interface BatchedOutput {
  /** All outputs, item after item (row-major). */
  readonly values: Float32Array;
  /** Shape of one item's output (e.g. `[L]` for latents, `[H, W, C]` for images). */
  readonly itemShape: readonly number[];
}

/**
 * Runs `fn` over the images in `x` (NHWC, `shape` per image) in batches of `batchSize`, reading
 * each result with `await data()` into one Float32Array; disposes every tensor it makes and the
 * tensors `fn` returns. `fn` must return a tensor whose first axis is the batch.
 *
 * @example
 * const { values: z } = await mapBatches(images, [28, 28, 1], 1024, (b) => model.encode(b));
 */
export async function mapBatches(
  x: Float32Array,
  shape: ImageShape,
  batchSize: number,
  fn: (batch: tf.Tensor4D) => tf.Tensor,
  options: MapBatchesOptions = {},
): Promise<BatchedOutput> {
  const size = imageSize(shape);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (x.length % size !== 0) throw new Error(`input has ${x.length} values, not a multiple of ${shape.join('*')} = ${size}`);
  const count = x.length / size;
  let values = new Float32Array(0);
  let itemShape: number[] = [];
  let itemSize = 0;
  for (let from = 0; from < count; from += batchSize) {
    if (options.signal?.aborted) throw new DOMException('mapBatches was aborted', 'AbortError');
    const n = Math.min(batchSize, count - from);
    const batch = tf.tensor4d(x.subarray(from * size, (from + n) * size), [n, shape[0], shape[1], shape[2]]);
    let out: tf.Tensor;
    try {
      out = fn(batch);
    } finally {
      batch.dispose();
    }
    try {
      if (out.shape[0] !== n) throw new Error(`batch function returned first axis ${out.shape[0]} for a batch of ${n}`);
      if (from === 0) {
        itemShape = out.shape.slice(1);
        itemSize = itemShape.reduce((a, b) => a * b, 1);
        values = new Float32Array(count * itemSize);
      } else if (out.shape.slice(1).join() !== itemShape.join()) {
        throw new Error(`batch function returned item shape [${out.shape.slice(1)}] after [${itemShape}]`);
      }
      values.set(await out.data<'float32'>(), from * itemSize);
    } finally {
      out.dispose();
    }
    options.onProgress?.(from + n, count);
  }
  return { values, itemShape };
}

/** Every output the NLN scorer needs from a model over a set of images (spec 4.1). */
export interface ModelOutputs {
  /** Latents f(x), `[N, L]` flattened (the VAE's mean). */
  readonly latents: Float32Array;
  /** Reconstructions g(f(x)), `[N, H, W, C]` flattened. */
  readonly reconstructions: Float32Array;
  /** AE-res only: D_x features q(x), `[N, L]` flattened. */
  readonly discriminatorFeatures?: Float32Array;
  /** AE-con only: f_con(x-hat) of each image's own reconstruction, `[N, L]` flattened. */
  readonly consistencyLatents?: Float32Array;
}

/**
 * Latents, reconstructions and the model-specific features over `x`, in batches, inference mode.
 * For AE-con, `consistencyLatents` is f_con applied to each reconstruction (the code's Eq. 8 term);
 * for AE-res, q of the reconstructions is `discriminatorFeatures` of `reconstructions`.
 */
export async function computeModelOutputs(
  model: Autoencoder,
  x: Float32Array,
  batchSize = 1024,
  options: MapBatchesOptions = {},
): Promise<ModelOutputs> {
  const shape = model.inputShape;
  const latents = (await mapBatches(x, shape, batchSize, (b) => model.encode(b), options)).values;
  const reconstructions = (await mapBatches(x, shape, batchSize, (b) => model.reconstruct(b), options)).values;
  const q = model.discriminatorFeatures;
  const fCon = model.consistencyEncode;
  return {
    latents,
    reconstructions,
    ...(q ? { discriminatorFeatures: (await mapBatches(x, shape, batchSize, (b) => q.call(model, b), options)).values } : {}),
    ...(fCon
      ? {
          consistencyLatents: (
            await mapBatches(x, shape, batchSize, (b) => tf.tidy(() => {
              const xHat = model.reconstruct(b);
              return fCon.call(model, xHat);
            }), options)
          ).values,
        }
      : {}),
  };
}
