import * as tf from '@tensorflow/tfjs';
import { NlnBatchNormalization } from './batch-norm-layer';
import type { LayerSeeds } from './layer-seeds';
import { DECODER_LOGITS_LAYER } from './names';

const FILTERS = 32;
const N_LAYERS = 3;

function batchNorm(): tf.layers.Layer {
  return new NlnBatchNormalization({ momentum: 0.99, epsilon: 1e-3 });
}

/**
 * The small encoder's convolutional trunk (spec 2.1 rows 1-3 and the Flatten): three Conv2D(32, 2x2,
 * same, ReLU) blocks, the first two followed by 2x2 max-pooling, each by batch norm.
 */
export function smallEncoderTrunk(input: tf.SymbolicTensor, seeds: LayerSeeds): tf.SymbolicTensor {
  let x = input;
  for (let i = 0; i < N_LAYERS; i++) {
    x = tf.layers
      .conv2d({ filters: FILTERS, kernelSize: 2, strides: 1, padding: 'same', activation: 'relu', kernelInitializer: seeds.glorot() })
      .apply(x) as tf.SymbolicTensor;
    if (i < N_LAYERS - 1) {
      x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    }
    x = batchNorm().apply(x) as tf.SymbolicTensor;
  }
  return tf.layers.flatten().apply(x) as tf.SymbolicTensor;
}

/**
 * The small decoder (spec 2.2) from a latent input `[L]` to the logits of x-hat `[H, W, C]`: Dense to
 * (H/4)x(W/4)x32 with ReLU, two blocks of Conv2DTranspose(32, 2x2, ReLU), nearest 2x upsampling and
 * batch norm, then a linear Conv2DTranspose(C, 2x2) named {@link DECODER_LOGITS_LAYER}.
 */
export function smallDecoderLogits(
  latent: tf.SymbolicTensor,
  outputShape: readonly [number, number, number],
  seeds: LayerSeeds,
): tf.SymbolicTensor {
  const [h, w, c] = outputShape;
  const sh = h / 4;
  const sw = w / 4;
  let x = tf.layers
    .dense({ units: sh * sw * FILTERS, activation: 'relu', kernelInitializer: seeds.glorot() })
    .apply(latent) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [sh, sw, FILTERS] }).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < N_LAYERS - 1; i++) {
    x = tf.layers
      .conv2dTranspose({ filters: FILTERS, kernelSize: 2, strides: 1, padding: 'same', activation: 'relu', kernelInitializer: seeds.glorot() })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.upSampling2d({ size: [2, 2], interpolation: 'nearest' }).apply(x) as tf.SymbolicTensor;
    x = batchNorm().apply(x) as tf.SymbolicTensor;
  }
  return tf.layers
    .conv2dTranspose({ filters: c, kernelSize: 2, strides: 1, padding: 'same', kernelInitializer: seeds.glorot(), name: DECODER_LOGITS_LAYER })
    .apply(x) as tf.SymbolicTensor;
}
