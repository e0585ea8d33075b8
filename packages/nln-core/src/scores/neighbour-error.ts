import * as tf from '@tensorflow/tfjs';
import { checkK, rowsOf } from './check';

/**
 * The error of each sample against each of its neighbours: `out[i, k]` = mean over the features of
 * |query_i - neighbour_ik|. `queries` is flat `[n, featureSize]` and `neighbours` flat
 * `[n, k, featureSize]`. The features are pixels for Eq. 4 (neighbour = g(z_k)), discriminator
 * features for Eq. 7 and latents for Eq. 8. Since absolute values are taken first, the mean over K
 * and the mean over features commute, so `meanOfFirstK` of this gives the NLN error for every K.
 */
export function neighbourErrors(queries: Float32Array, neighbours: Float32Array, featureSize: number, k: number): Float32Array {
  const n = rowsOf(queries, featureSize, 'neighbourErrors');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`neighbourErrors: K must be a positive integer, got ${k}`);
  if (neighbours.length !== n * k * featureSize) {
    throw new RangeError(`neighbourErrors: expected ${n} x ${k} x ${featureSize} neighbour values, got ${neighbours.length}`);
  }
  const errors = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const q = i * featureSize;
    for (let j = 0; j < k; j++) {
      const b = (i * k + j) * featureSize;
      let sum = 0;
      for (let p = 0; p < featureSize; p++) sum += Math.abs(queries[q + p] - neighbours[b + p]);
      errors[i * k + j] = sum / featureSize;
    }
  }
  return errors;
}

/** {@link neighbourErrors} on tensors: queries `[n, ...F]`, neighbours `[n, k, ...F]`, result `[n, k]`. */
export function neighbourErrorsTensor(queries: tf.Tensor, neighbours: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const n = queries.shape[0] as number;
    const k = neighbours.shape[1] as number;
    const q = tf.reshape(queries, [n, 1, -1]);
    const b = tf.reshape(neighbours, [n, k, -1]);
    return tf.mean(tf.abs(tf.sub(q, b)), 2) as tf.Tensor2D;
  });
}

/**
 * Mean of each row's first `k` values of a flat `[n, kMax]` array (per-neighbour errors or
 * distances, nearest first): the K-neighbour average for any K up to the K searched.
 */
export function meanOfFirstK(perNeighbour: Float32Array, kMax: number, k: number): Float32Array {
  const n = rowsOf(perNeighbour, kMax, 'meanOfFirstK');
  checkK(k, kMax, 'meanOfFirstK');
  const means = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += perNeighbour[i * kMax + j];
    means[i] = sum / k;
  }
  return means;
}

/**
 * The NLN error term of Eq. 4 (and of Eqs. 7 and 8 with other features): for each sample, the mean
 * over its `k` neighbours and over the features of |query - neighbour|. Inputs as for
 * {@link neighbourErrors}.
 */
export function nlnError(queries: Float32Array, neighbours: Float32Array, featureSize: number, k: number): Float32Array {
  return meanOfFirstK(neighbourErrors(queries, neighbours, featureSize, k), k, k);
}

/**
 * The latent term of Eq. 4: d_i = mean over the first `k` neighbours of the Euclidean latent
 * distance. `distances` is flat `[n, kMax]`, ascending per row, as a latent index returns them.
 */
export function latentDistance(distances: Float32Array, kMax: number, k: number): Float32Array {
  return meanOfFirstK(distances, kMax, k);
}
