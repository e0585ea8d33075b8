import * as tf from '@tensorflow/tfjs';
import { rowsOf } from './check';

/** Height, width and channels of one sample (an image or a patch). */
export type SampleShape = readonly [height: number, width: number, channels: number];

function pixelsOf(shape: SampleShape, what: string): { pixels: number; channels: number; size: number } {
  const [h, w, c] = shape;
  if (![h, w, c].every((v) => Number.isInteger(v) && v > 0)) throw new RangeError(`${what}: bad sample shape [${shape.join(', ')}]`);
  return { pixels: h * w, channels: c, size: h * w * c };
}

/**
 * Per-pixel NLN error map for segmentation: for each sample and pixel, the mean over the channels of
 * the mean over the `k` neighbours of |x - g(z_k)|. `inputs` is flat NHWC `[n, H, W, C]`,
 * `neighbours` flat `[n, k, H, W, C]`; the result is `[n, H, W]`. Works for whole images and for
 * patches alike (reassembling patches into images is the caller's job).
 */
export function nlnErrorMap(inputs: Float32Array, neighbours: Float32Array, shape: SampleShape, k: number): Float32Array {
  const { pixels, channels, size } = pixelsOf(shape, 'nlnErrorMap');
  const n = rowsOf(inputs, size, 'nlnErrorMap');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`nlnErrorMap: K must be a positive integer, got ${k}`);
  if (neighbours.length !== n * k * size) {
    throw new RangeError(`nlnErrorMap: expected ${n} x ${k} neighbour samples of ${size} values, got ${neighbours.length} values`);
  }
  const map = new Float32Array(n * pixels);
  const scale = 1 / (k * channels);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < pixels; p++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const b = (i * k + j) * size + p * channels;
        const x = i * size + p * channels;
        for (let c = 0; c < channels; c++) sum += Math.abs(inputs[x + c] - neighbours[b + c]);
      }
      map[i * pixels + p] = sum * scale;
    }
  }
  return map;
}

/** {@link nlnErrorMap} on tensors: inputs `[n, H, W, C]`, neighbours `[n, k, H, W, C]`, result `[n, H, W]`. */
export function nlnErrorMapTensor(inputs: tf.Tensor4D, neighbours: tf.Tensor5D): tf.Tensor3D {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(tf.expandDims(inputs, 1), neighbours)), [1, 4]) as tf.Tensor3D);
}

/** Per-pixel reconstruction error map: the channel mean of |x - x̂|, `[n, H, W]` from flat NHWC inputs. */
export function reconstructionErrorMap(inputs: Float32Array, reconstructions: Float32Array, shape: SampleShape): Float32Array {
  const { pixels, channels, size } = pixelsOf(shape, 'reconstructionErrorMap');
  const n = rowsOf(inputs, size, 'reconstructionErrorMap');
  if (reconstructions.length !== inputs.length) {
    throw new RangeError(`reconstructionErrorMap: ${inputs.length} input values but ${reconstructions.length} reconstruction values`);
  }
  const map = new Float32Array(n * pixels);
  for (let q = 0; q < n * pixels; q++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += Math.abs(inputs[q * channels + c] - reconstructions[q * channels + c]);
    map[q] = sum / channels;
  }
  return map;
}

/**
 * Distance map: each sample's latent distance broadcast over its pixels, `[n, H, W]`. Reassembled
 * from patches, this gives the coarse latent-distance map used with the NLN error map.
 */
export function distanceMap(distances: Float32Array, shape: SampleShape): Float32Array {
  const { pixels } = pixelsOf(shape, 'distanceMap');
  const map = new Float32Array(distances.length * pixels);
  for (let i = 0; i < distances.length; i++) map.fill(distances[i], i * pixels, (i + 1) * pixels);
  return map;
}
