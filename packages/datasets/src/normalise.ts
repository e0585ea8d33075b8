import { imageSize, type ImageSet, type ImageShape } from './image-set';

/**
 * Scales every channel of every image to [0, 1] with its own minimum and maximum, the reference's
 * per-image normalisation: `(x - min) / (max - min)`, computed in float32. A constant channel becomes 0.
 *
 * @param images - `count` images of `shape`, NHWC
 * @returns a new Float32Array of the same length
 */
export function minMaxPerImage(images: Uint8Array | Float32Array, shape: ImageShape, count: number): Float32Array {
  const size = imageSize(shape);
  const channels = shape[2];
  if (images.length !== size * count) {
    throw new RangeError(`minMaxPerImage: ${images.length} values, expected ${count} images of ${shape.join('x')} = ${size * count}`);
  }
  const out = new Float32Array(images.length);
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < channels; c++) scaleRange(images, out, n * size + c, (n + 1) * size, channels, n);
  }
  return out;
}

/** Min-max scales `images[start], images[start + step], ...` below `end` into `out`. */
function scaleRange(images: Uint8Array | Float32Array, out: Float32Array, start: number, end: number, step: number, image: number): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i += step) {
    const v = images[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  if (!Number.isFinite(range)) throw new RangeError(`minMaxPerImage: image ${image} holds NaN or infinite values`);
  const scale = range > 0 ? 1 / range : 0;
  let nan = false;
  for (let i = start; i < end; i += step) {
    const x = (images[i] - lo) * scale;
    nan ||= x !== x;
    out[i] = x;
  }
  if (nan) throw new RangeError(`minMaxPerImage: image ${image} holds NaN`);
}

/**
 * {@link minMaxPerImage} applied to an {@link ImageSet}: the same set with Float32 pixels in [0, 1].
 * This is the normalisation the reference applies to MNIST, Fashion-MNIST and CIFAR-10.
 */
export function normalisePerImage(set: ImageSet): ImageSet<Float32Array> {
  return { ...set, images: minMaxPerImage(set.images, set.shape, set.count) };
}

/**
 * Scales a whole set to [0, 1] with one minimum and maximum over all its values (the reference's
 * normalisation for MVTec-AD, applied to the training and the test set separately). A constant set becomes 0.
 */
export function normaliseGlobal(set: ImageSet): ImageSet<Float32Array> {
  const { images } = set;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    if (v !== v) throw new RangeError(`normaliseGlobal: value ${i} is NaN`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float32Array(images.length);
  if (images.length > 0) {
    const range = hi - lo;
    if (!Number.isFinite(range)) throw new RangeError('normaliseGlobal: the set holds infinite values');
    const scale = range > 0 ? 1 / range : 0;
    for (let i = 0; i < images.length; i++) out[i] = (images[i] - lo) * scale;
  }
  return { ...set, images: out };
}
