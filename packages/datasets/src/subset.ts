import { imageSize, type ImageSet } from './image-set';

/**
 * A new {@link ImageSet} holding the images at `indices`, in that order (copied; repeats allowed).
 *
 * @throws RangeError when an index is outside `0 .. set.count-1`
 */
export function selectImages<T extends Uint8Array | Float32Array>(set: ImageSet<T>, indices: ArrayLike<number>): ImageSet<T> {
  const size = imageSize(set.shape);
  const images = new (set.images.constructor as new (length: number) => T)(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i];
    if (!Number.isInteger(from) || from < 0 || from >= set.count) {
      throw new RangeError(`selectImages: index ${from} is outside 0..${set.count - 1}`);
    }
    images.set(set.images.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = set.labels[from];
  }
  return { images, labels, classNames: set.classNames, shape: set.shape, count: indices.length };
}

/** The values of `values` at `indices`, in that order, as a new array of the same type. */
export function selectValues<A extends Uint8Array | Int32Array | Float32Array | Float64Array>(values: A, indices: ArrayLike<number>): A {
  const out = new (values.constructor as new (length: number) => A)(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i];
    if (!Number.isInteger(from) || from < 0 || from >= values.length) {
      throw new RangeError(`selectValues: index ${from} is outside 0..${values.length - 1}`);
    }
    out[i] = values[from];
  }
  return out;
}
