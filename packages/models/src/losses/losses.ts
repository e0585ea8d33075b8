import * as tf from '@tensorflow/tfjs';

/**
 * Mean binary cross-entropy between targets in [0, 1] and predictions given as logits, computed
 * stably as `max(l, 0) - l*t + log(1 + exp(-|l|))` (the same value as BCE on `sigmoid(l)`, without
 * clipping, so gradients never vanish at saturated outputs).
 */
export function bceWithLogits(targets: tf.Tensor | number, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const t = typeof targets === 'number' ? tf.fill(logits.shape, targets) : targets;
    const perElement = tf.relu(logits).sub(logits.mul(t)).add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return perElement.mean() as tf.Scalar;
  });
}

/** Mean squared error over all elements of `a` and `b` (same shape). */
export function meanSquaredError(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.squaredDifference(a, b).mean() as tf.Scalar);
}

/**
 * Mean over the batch of the KL divergence of N(mean, exp(logVariance)) from N(0, I), summed over
 * the latent axis: `-1/2 * sum(1 + logVar - mean^2 - exp(logVar))`.
 */
export function gaussianKlDivergence(mean: tf.Tensor2D, logVariance: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perDim = tf.scalar(1).add(logVariance).sub(tf.square(mean)).sub(tf.exp(logVariance));
    return perDim.sum(1).mul(-0.5).mean() as tf.Scalar;
  });
}
