import * as tf from '@tensorflow/tfjs';

/** The trainable variables of the given networks, in layer order. */
export function trainableVariables(...networks: tf.LayersModel[]): tf.Variable[] {
  return networks.flatMap((net) => net.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** The non-trainable variables (batch-norm moving statistics) of the given networks. */
function statisticVariables(networks: tf.LayersModel[]): tf.LayerVariable[] {
  return networks.flatMap((net) => net.nonTrainableWeights);
}

/**
 * One loss term's gradients, computed but not yet applied (so several terms of a step can be taken
 * against the same weights, as the reference's simultaneous updates do).
 */
export interface PendingGradients {
  /** The loss value; the caller owns it. */
  readonly loss: tf.Scalar;
  /** Gradients by variable name; the caller applies and disposes them. */
  readonly grads: tf.NamedTensorMap;
}

/**
 * Gradients of `loss` with respect to the trainable variables of `trainOn`. Batch-norm moving
 * statistics of the networks in `keepStatistics` are restored afterwards, so that each network's
 * statistics move once per training step however many forward passes the step makes through it.
 */
export function computeGradients(
  loss: () => tf.Scalar,
  trainOn: tf.LayersModel[],
  keepStatistics: tf.LayersModel[] = [],
): PendingGradients {
  const stats = statisticVariables(keepStatistics);
  const saved = stats.map((v) => v.read().clone());
  try {
    const { value, grads } = tf.variableGrads(loss, trainableVariables(...trainOn));
    return { loss: value, grads };
  } finally {
    stats.forEach((v, i) => v.write(saved[i]));
    tf.dispose(saved);
  }
}

/** Applies pending gradients with their optimisers (in order) and disposes the gradients. */
export function applyGradients(steps: ReadonlyArray<readonly [PendingGradients, tf.Optimizer]>): void {
  for (const [step, optimizer] of steps) {
    optimizer.applyGradients(step.grads);
    tf.dispose(step.grads);
  }
}

/** Adam with the reference's constants (beta1 0.9, beta2 0.999, epsilon 1e-7). */
export function adam(learningRate: number): tf.Optimizer {
  if (!(learningRate > 0)) throw new Error(`learning rate must be positive, got ${learningRate}`);
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}
