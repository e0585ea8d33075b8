/** Height, width and channels of every image in a set. */
export type ImageShape = readonly [height: number, width: number, channels: number];

/**
 * A labelled set of images held as one typed array in NHWC order (row-major, channels last).
 *
 * Every loader returns this shape. Pixel values are `Uint8Array` (0-255) as read from disk, or
 * `Float32Array` after normalisation; `labels[i]` indexes `classNames`.
 */
export interface ImageSet<T extends Uint8Array | Float32Array = Uint8Array | Float32Array> {
  /** Pixels of all images, `count * height * width * channels` values, NHWC. */
  readonly images: T;
  /** One class index per image, into {@link ImageSet.classNames}. */
  readonly labels: Int32Array;
  /** Class names, indexed by label. */
  readonly classNames: readonly string[];
  /** Shape of one image. */
  readonly shape: ImageShape;
  /** Number of images. */
  readonly count: number;
}

/** Number of values in one image of the given shape. */
export function imageSize(shape: ImageShape): number {
  return shape[0] * shape[1] * shape[2];
}

/** A data set's official training and test sets, as every loader returns them. */
export interface TrainTestSets<T extends Uint8Array | Float32Array = Uint8Array> {
  /** The training set. */
  readonly train: ImageSet<T>;
  /** The test set. */
  readonly test: ImageSet<T>;
}
