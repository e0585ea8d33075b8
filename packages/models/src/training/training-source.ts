import * as tf from '@tensorflow/tfjs';
import { imageSize, type ImageShape } from '@nln/datasets';

/**
 * Where `train` takes its samples from: `count` samples of one shape, read by index, so that an epoch can
 * be shuffled and cut into batches without every sample being held as floats at once (e.g. patches cut
 * from images kept as bytes). `train` reads each batch with the indices of a seeded permutation, so the
 * same seed gives the same batches whatever the source.
 */
export interface TrainingSource {
  /** Samples per epoch. */
  readonly count: number;
  /** Shape `[H, W, C]` of one sample. */
  readonly shape: ImageShape;
  /**
   * Writes the samples at `indices` (each in `[0, count)`), in that order, into `out`
   * (`indices.length * H * W * C` floats, NHWC, values in [0, 1]).
   */
  read(indices: Int32Array, out: Float32Array): void | Promise<void>;
}

/** A {@link TrainingSource} over samples already in memory (NHWC floats). */
export function arraySource(images: Float32Array, shape: ImageShape): TrainingSource {
  const size = imageSize(shape);
  if (images.length % size !== 0) {
    throw new Error(`image data has ${images.length} values, not a multiple of ${shape.join('*')} = ${size}`);
  }
  return {
    count: images.length / size,
    shape,
    read(indices, out) {
      indices.forEach((index, i) => out.set(images.subarray(index * size, (index + 1) * size), i * size));
    },
  };
}

/** Whether `value` is a {@link TrainingSource} (rather than an array or an image set). */
export function isTrainingSource(value: unknown): value is TrainingSource {
  return typeof value === 'object' && value !== null && typeof (value as TrainingSource).read === 'function';
}

/**
 * Throws unless every value of a batch read from a source lies in [0, 1]; the error names the sample
 * (its index in the source) and the value.
 */
export function checkBatchValues(values: Float32Array, indices: Int32Array, size: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) {
      throw new Error(`training sample ${indices[Math.floor(i / size)]} has value ${v} at offset ${i % size}; samples must lie in [0, 1] (normalise first)`);
    }
  }
}

/** The identity order `0 .. count - 1`. */
export function inOrder(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}

/** Reads the samples at `indices` into one tensor `[n, H, W, C]` (values checked unless `checked`). */
export async function readBatch(source: TrainingSource, indices: Int32Array, checked: boolean): Promise<tf.Tensor4D> {
  const [h, w, c] = source.shape;
  const size = h * w * c;
  const values = new Float32Array(indices.length * size);
  await source.read(indices, values);
  if (!checked) checkBatchValues(values, indices, size);
  return tf.tensor4d(values, [indices.length, h, w, c]);
}

/** The source in order, as batches of `batchSize` (the last one partial); each batch is the consumer's to dispose. */
export async function* batchesInOrder(source: TrainingSource, batchSize: number, checked: boolean): AsyncGenerator<tf.Tensor4D> {
  const order = inOrder(source.count);
  for (let from = 0; from < source.count; from += batchSize) yield await readBatch(source, order.subarray(from, from + batchSize), checked);
}
