import * as tf from '@tensorflow/tfjs';
import { isTrainingSource, readBatch, type TrainingSource } from '@nln/models';

/** Images as flat NHWC values: floats in [0, 1], or bytes 0-255 (divided by 255). */
export type ScorerImages = Float32Array | Uint8Array;

/** Number of images in `images` for the given image shape; throws on a partial image. */
export function countImages(images: ScorerImages, shape: readonly [number, number, number], what: string): number {
  if (!(images instanceof Float32Array || images instanceof Uint8Array)) {
    throw new TypeError(`${what}: images must be a Float32Array (0-1) or a Uint8Array (0-255)`);
  }
  const size = shape[0] * shape[1] * shape[2];
  if (images.length % size !== 0) {
    throw new RangeError(
      `${what}: ${images.length} values is not a whole number of ${shape.join('x')} images (${size} values each); check the channel count and size`,
    );
  }
  if (images instanceof Float32Array) {
    for (let i = 0; i < images.length; i++) {
      if (!Number.isFinite(images[i])) throw new RangeError(`${what}: value ${i} (image ${Math.floor(i / size)}) is ${images[i]}`);
    }
  }
  return images.length / size;
}

/** Images `[start, end)` as a `[n, H, W, C]` float tensor in [0, 1]. */
export function batchTensor(images: ScorerImages, shape: readonly [number, number, number], start: number, end: number): tf.Tensor4D {
  const size = shape[0] * shape[1] * shape[2];
  const view = images.subarray(start * size, end * size);
  const values = view instanceof Float32Array ? view : Float32Array.from(view, (v) => v / 255);
  return tf.tensor4d(values, [end - start, shape[0], shape[1], shape[2]]);
}

/** Copies rows `indices` of a flat `[rows, rowSize]` array into a new `[indices.length, rowSize]` array. */
export function gatherRows(source: Float32Array, rowSize: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  for (let j = 0; j < indices.length; j++) {
    const row = indices[j];
    out.set(source.subarray(row * rowSize, (row + 1) * rowSize), j * rowSize);
  }
  return out;
}

/** Training images for a scorer: flat values, or a `TrainingSource` that reads samples by index. */
export type TrainingImages = ScorerImages | TrainingSource;

/** Number of training images; a source's sample shape must be `shape`. */
export function countTrainingImages(images: TrainingImages, shape: readonly [number, number, number], what: string): number {
  if (!isTrainingSource(images)) return countImages(images, shape, what);
  if (images.shape.join('x') !== shape.join('x')) throw new RangeError(`${what}: the source's samples are ${images.shape.join('x')}, the model takes ${shape.join('x')}`);
  return images.count;
}

/** Training images `[start, end)` as a `[n, H, W, C]` float tensor, read from the source when it is one. */
export async function trainingBatch(images: TrainingImages, shape: readonly [number, number, number], start: number, end: number): Promise<tf.Tensor4D> {
  if (!isTrainingSource(images)) return batchTensor(images, shape, start, end);
  // The scorer takes a source's values as they come (no [0, 1] check, as for its flat inputs).
  return readBatch(images, Int32Array.from({ length: end - start }, (_, i) => start + i), true);
}

/** Throws unless every value a model produced is finite; the message names `what` and the first bad value. */
export function checkFinite(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${what} produced ${values[i]} at value ${i}; is the model trained and the input in [0, 1]?`);
  }
}
