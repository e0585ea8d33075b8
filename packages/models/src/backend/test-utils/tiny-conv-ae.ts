import * as tf from '@tensorflow/tfjs';

/** Input side of {@link buildTinyConvAe}'s square greyscale images. */
export const TINY_SIDE = 16;

/**
 * A small version of the reference MNIST autoencoder (spec §2.1-2.2) with the same layer kinds, one block
 * per side (each distinct shader costs about a second to compile on a software adapter): Conv2D(k2, same,
 * ReLU) → MaxPool 2 → BN, Dense latent, Dense(ReLU) → reshape, Conv2DTranspose(k2, same, ReLU) →
 * UpSampling ×2 → BN, Conv2DTranspose → sigmoid. Built on the active backend.
 */
export function buildTinyConvAe(filters = 4, latentDim = 8): tf.LayersModel {
  const half = TINY_SIDE / 2;
  const input = tf.input({ shape: [TINY_SIDE, TINY_SIDE, 1] });
  const layers: tf.layers.Layer[] = [
    tf.layers.conv2d({ filters, kernelSize: 2, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
    tf.layers.batchNormalization({ momentum: 0.99, epsilon: 1e-3 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: latentDim }),
    tf.layers.dense({ units: half * half * filters, activation: 'relu' }),
    tf.layers.reshape({ targetShape: [half, half, filters] }),
    tf.layers.conv2dTranspose({ filters, kernelSize: 2, padding: 'same', activation: 'relu' }),
    tf.layers.upSampling2d({ size: [2, 2] }),
    tf.layers.batchNormalization({ momentum: 0.99, epsilon: 1e-3 }),
    tf.layers.conv2dTranspose({ filters: 1, kernelSize: 2, padding: 'same', activation: 'sigmoid' }),
  ];
  const output = layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output });
}

/** Mean binary cross-entropy between images and reconstructions, as Keras computes it (clipped to [1e-7, 1-1e-7]). */
export function bce(x: tf.Tensor4D, reconstruction: tf.Tensor4D): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const p = tf.clipByValue(reconstruction, 1e-7, 1 - 1e-7);
    return tf.neg(tf.mean(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p)))))) as tf.Scalar;
  });
}

/** The BCE reconstruction loss (BatchNorm in training mode) and its gradient for every trainable weight, in weight order. */
export function lossAndGradients(model: tf.LayersModel, x: tf.Tensor4D): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => bce(x, model.apply(x, { training: true }) as tf.Tensor4D), variables);
  return { loss: value as tf.Scalar, grads: variables.map((v) => grads[v.name]) };
}

/** One optimizer step on the BCE reconstruction loss with BatchNorm in training mode; returns the loss before the step. */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor4D): tf.Scalar {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = optimizer.minimize(() => bce(x, model.apply(x, { training: true }) as tf.Tensor4D), true, variables);
  if (loss === null) throw new Error('optimizer.minimize returned no loss');
  return loss;
}

/** Per-image mean squared reconstruction error `[N]`, BatchNorm in inference mode. */
export function reconstructionErrors(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.squaredDifference(x, model.predict(x) as tf.Tensor4D), [1, 2, 3]) as tf.Tensor1D);
}

/** Reads every weight of a model (trainable and BN moving statistics) into plain arrays. */
export async function readWeights(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** Sets a model's weights from arrays read by {@link readWeights} (tensors made on the active backend). */
export function writeWeights(model: tf.LayersModel, values: readonly Float32Array[]): void {
  const tensors = model.getWeights().map((w, i) => tf.tensor(values[i], w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
