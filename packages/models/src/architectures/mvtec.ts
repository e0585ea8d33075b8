import * as tf from '@tensorflow/tfjs';
import type { LayerSeeds } from './layer-seeds';
import { DECODER_LOGITS_LAYER } from './names';

const LEAK = 0.2;

interface ConvStep {
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  /** The layer exists only when the image width is greater than this. */
  readonly ifWiderThan?: number;
  readonly transpose?: boolean;
}

/** Spec 2.3 encoder rows 1-9 (row 10, the k8 valid conv to L, is added separately). */
const ENCODER_STEPS: readonly ConvStep[] = [
  { filters: 32, kernel: 4, stride: 2 },
  { filters: 32, kernel: 4, stride: 2 },
  { filters: 32, kernel: 4, stride: 2, ifWiderThan: 32 },
  { filters: 32, kernel: 3, stride: 1 },
  { filters: 64, kernel: 4, stride: 2, ifWiderThan: 64 },
  { filters: 64, kernel: 3, stride: 1 },
  { filters: 128, kernel: 4, stride: 2, ifWiderThan: 128 },
  { filters: 64, kernel: 3, stride: 1 },
  { filters: 32, kernel: 3, stride: 1 },
];

/** Spec 2.3 decoder rows 3-10 (after the k8 valid transposed conv; the last layer is added separately). */
const DECODER_STEPS: readonly ConvStep[] = [
  { filters: 64, kernel: 3, stride: 1 },
  { filters: 128, kernel: 3, stride: 1 },
  { filters: 64, kernel: 4, stride: 2, ifWiderThan: 128, transpose: true },
  { filters: 64, kernel: 3, stride: 1 },
  { filters: 32, kernel: 4, stride: 2, ifWiderThan: 64, transpose: true },
  { filters: 32, kernel: 3, stride: 1 },
  { filters: 32, kernel: 4, stride: 2, ifWiderThan: 32, transpose: true },
  { filters: 32, kernel: 4, stride: 2, transpose: true },
];

function convLeaky(x: tf.SymbolicTensor, step: ConvStep, seeds: LayerSeeds): tf.SymbolicTensor {
  const args = { filters: step.filters, kernelSize: step.kernel, strides: step.stride, padding: 'same' as const, kernelInitializer: seeds.glorot() };
  const conv = step.transpose ? tf.layers.conv2dTranspose(args) : tf.layers.conv2d(args);
  const y = conv.apply(x) as tf.SymbolicTensor;
  return tf.layers.leakyReLU({ alpha: LEAK }).apply(y) as tf.SymbolicTensor;
}

/**
 * The Bergmann MVTec encoder (spec 2.3) to its 1x1xL code, flattened to `[L]`: strided 4x4 and 3x3
 * convolutions with LeakyReLU(0.2), the [W>n] layers present only for wider images, then a linear
 * 8x8 valid convolution to L channels.
 */
export function mvtecEncoderCode(input: tf.SymbolicTensor, width: number, latentDim: number, seeds: LayerSeeds): tf.SymbolicTensor {
  let x = input;
  for (const step of ENCODER_STEPS) {
    if (step.ifWiderThan === undefined || width > step.ifWiderThan) x = convLeaky(x, step, seeds);
  }
  x = tf.layers
    .conv2d({ filters: latentDim, kernelSize: 8, strides: 1, padding: 'valid', kernelInitializer: seeds.glorot() })
    .apply(x) as tf.SymbolicTensor;
  return tf.layers.flatten().apply(x) as tf.SymbolicTensor;
}

/**
 * The Bergmann MVTec decoder (spec 2.3) from `[L]` to the logits of x-hat: reshape to 1x1xL, an 8x8
 * valid transposed conv, 3x3 convs and strided 4x4 transposed convs with LeakyReLU(0.2), and a linear
 * transposed conv to C channels named {@link DECODER_LOGITS_LAYER}.
 */
export function mvtecDecoderLogits(
  latent: tf.SymbolicTensor,
  outputShape: readonly [number, number, number],
  latentDim: number,
  seeds: LayerSeeds,
): tf.SymbolicTensor {
  const [, w, c] = outputShape;
  let x = tf.layers.reshape({ targetShape: [1, 1, latentDim] }).apply(latent) as tf.SymbolicTensor;
  x = tf.layers
    .conv2dTranspose({ filters: 32, kernelSize: 8, strides: 1, padding: 'valid', kernelInitializer: seeds.glorot() })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: LEAK }).apply(x) as tf.SymbolicTensor;
  for (const step of DECODER_STEPS) {
    if (step.ifWiderThan === undefined || w > step.ifWiderThan) x = convLeaky(x, step, seeds);
  }
  return tf.layers
    .conv2dTranspose({ filters: c, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: seeds.glorot(), name: DECODER_LOGITS_LAYER })
    .apply(x) as tf.SymbolicTensor;
}
