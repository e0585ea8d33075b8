import * as tf from '@tensorflow/tfjs';
import { rowsOf } from './check';

/**
 * Eq. 3: the per-sample reconstruction error r_i = mean over the sample's values of |x_i - x̂_i|.
 * `inputs` and `reconstructions` are flat `[n, sampleSize]`.
 */
export function reconstructionError(inputs: Float32Array, reconstructions: Float32Array, sampleSize: number): Float32Array {
  const n = rowsOf(inputs, sampleSize, 'reconstructionError');
  if (reconstructions.length !== inputs.length) {
    throw new RangeError(`reconstructionError: ${inputs.length} input values but ${reconstructions.length} reconstruction values`);
  }
  const errors = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let p = i * sampleSize; p < (i + 1) * sampleSize; p++) sum += Math.abs(inputs[p] - reconstructions[p]);
    errors[i] = sum / sampleSize;
  }
  return errors;
}

/** Eq. 3 on tensors: `[n, ...]` inputs and reconstructions to the `[n]` mean absolute error per sample. */
export function reconstructionErrorTensor(inputs: tf.Tensor, reconstructions: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const n = inputs.shape[0] as number;
    return tf.mean(tf.abs(tf.sub(tf.reshape(inputs, [n, -1]), tf.reshape(reconstructions, [n, -1]))), 1) as tf.Tensor1D;
  });
}
