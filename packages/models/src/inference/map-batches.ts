import * as tf from '@tensorflow/tfjs';
import { imageSize, type ImageShape } from '@nln/datasets';
import type { Autoencoder } from '../autoencoder';

/** Options of {@link mapBatches}. */
export interface MapBatchesOptions {
  /** Called after each batch with the number of items done and the total. */
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
 * A batched pass for the general form of {@link mapBatches}: `count` items, how one batch of them is
 * made, which tensors to compute from it and what to do with their values. Batches run in order, one at
 * a time; the pass owns no tensor between batches.
 */
export interface BatchPass<T extends tf.Tensor = tf.Tensor> {
  /** Number of items in the pass. */
  readonly count: number;
  /** Items `[start, end)` as one tensor, batch first; may be asynchronous (e.g. read from a source). Disposed by mapBatches. */
  read(start: number, end: number): T | Promise<T>;
  /** The tensors to read back from one batch, each with the batch as first axis; runs inside `tf.tidy`, results disposed by mapBatches. */
  run(batch: T, start: number, end: number): tf.Tensor[];
  /** Takes one batch's values (one {@link BatchedOutput} per tensor `run` returned, in order) once its tensors are disposed. */
  take(outputs: readonly BatchedOutput[], start: number, end: number): void | Promise<void>;
}

/**
 * Runs `fn` over the images in `x` (NHWC, `shape` per image) in batches of `batchSize`, reading
 * each result with `await data()` into one Float32Array; disposes every tensor it makes and the
 * tensors `fn` returns. `fn` must return a tensor whose first axis is the batch.
 *
 * @example
 * const { values: z } = await mapBatches(images, [28, 28, 1], 1024, (b) => model.encode(b));
 */
export function mapBatches(
  x: Float32Array,
  shape: ImageShape,
  batchSize: number,
  fn: (batch: tf.Tensor4D) => tf.Tensor,
  options?: MapBatchesOptions,
): Promise<BatchedOutput>;
/**
 * The general form: runs a {@link BatchPass} in batches of `batchSize` (checked before the first batch),
 * handing each batch's values to `pass.take` instead of keeping them, so that a caller can keep them
 * in any form (quantised, searched batch by batch) and read them from anything (a training source,
 * features computed earlier). Progress is reported after each `take`.
 *
 * @example
 * await mapBatches({ count, read: (s, e) => images(s, e), run: (b) => [model.encode(b)], take: ([z], s) => latents.set(z.values, s * L) }, 256);
 */
export function mapBatches<T extends tf.Tensor>(pass: BatchPass<T>, batchSize: number, options?: MapBatchesOptions): Promise<void>;
export function mapBatches(
  ...args: [Float32Array, ImageShape, number, (batch: tf.Tensor4D) => tf.Tensor, MapBatchesOptions?] | [BatchPass, number, MapBatchesOptions?]
): Promise<BatchedOutput | void> {
  return args[0] instanceof Float32Array
    ? mapImages(...(args as [Float32Array, ImageShape, number, (batch: tf.Tensor4D) => tf.Tensor, MapBatchesOptions?]))
    : runPass(...(args as [BatchPass, number, MapBatchesOptions?]));
}

/** Throws unless `batchSize` is a positive integer. */
function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
}

async function runPass<T extends tf.Tensor>(pass: BatchPass<T>, batchSize: number, options: MapBatchesOptions = {}): Promise<void> {
  checkBatchSize(batchSize);
  for (let start = 0; start < pass.count; start += batchSize) {
    if (options.signal?.aborted) throw new DOMException('mapBatches was aborted', 'AbortError');
    const end = Math.min(pass.count, start + batchSize);
    const batch = await pass.read(start, end);
    let outputs: BatchedOutput[];
    try {
      const tensors = tf.tidy(() => pass.run(batch, start, end));
      try {
        outputs = await readOutputs(tensors, end - start);
      } finally {
        tf.dispose(tensors);
      }
    } finally {
      batch.dispose();
    }
    await pass.take(outputs, start, end);
    options.onProgress?.(end, pass.count);
  }
}

/** Each tensor's values, checking that its first axis is the batch of `n`. */
async function readOutputs(tensors: readonly tf.Tensor[], n: number): Promise<BatchedOutput[]> {
  const outputs: BatchedOutput[] = [];
  for (const t of tensors) {
    if (t.shape[0] !== n) throw new Error(`batch function returned first axis ${t.shape[0]} for a batch of ${n}`);
    outputs.push({ values: await t.data<'float32'>(), itemShape: t.shape.slice(1) });
  }
  return outputs;
}

async function mapImages(
  x: Float32Array,
  shape: ImageShape,
  batchSize: number,
  fn: (batch: tf.Tensor4D) => tf.Tensor,
  options: MapBatchesOptions = {},
): Promise<BatchedOutput> {
  const size = imageSize(shape);
  checkBatchSize(batchSize);
  if (x.length % size !== 0) throw new Error(`input has ${x.length} values, not a multiple of ${shape.join('*')} = ${size}`);
  const count = x.length / size;
  let values = new Float32Array(0);
  let itemShape: readonly number[] = [];
  let itemSize = 0;
  await runPass(
    {
      count,
      read: (start, end) => tf.tensor4d(x.subarray(start * size, end * size), [end - start, shape[0], shape[1], shape[2]]),
      run: (batch) => [fn(batch)],
      take: ([out], start) => {
        if (start === 0) {
          itemShape = out.itemShape;
          itemSize = itemShape.reduce((a, b) => a * b, 1);
          values = new Float32Array(count * itemSize);
        } else if (out.itemShape.join() !== itemShape.join()) {
          throw new Error(`batch function returned item shape [${out.itemShape}] after [${itemShape}]`);
        }
        values.set(out.values, start * itemSize);
      },
    },
    batchSize,
    options,
  );
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
