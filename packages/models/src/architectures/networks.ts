import * as tf from '@tensorflow/tfjs';
import { LayerSeeds } from './layer-seeds';
import { mvtecDecoderLogits, mvtecEncoderCode } from './mvtec';
import { DECODER_LOGITS_LAYER, DISCRIMINATOR_LOGIT_LAYER } from './names';
import { type NetworkSpec, validateNetworkSpec } from './network-spec';
import { smallDecoderLogits, smallEncoderTrunk } from './small';

function imageInput(spec: NetworkSpec): tf.SymbolicTensor {
  return tf.input({ shape: [...spec.inputShape] });
}

/** The encoder's features before its latent layer (small: the flattened trunk; mvtec: the L code). */
function encoderFeatures(input: tf.SymbolicTensor, spec: NetworkSpec, seeds: LayerSeeds): tf.SymbolicTensor {
  return spec.architecture === 'small'
    ? smallEncoderTrunk(input, seeds)
    : mvtecEncoderCode(input, spec.inputShape[1], spec.latentDim, seeds);
}

/** z = f(x) as a symbolic tensor: the small net adds a linear Dense(L); the mvtec code already is `[L]`. */
function latentOutput(input: tf.SymbolicTensor, spec: NetworkSpec, seeds: LayerSeeds): tf.SymbolicTensor {
  const features = encoderFeatures(input, spec, seeds);
  if (spec.architecture === 'mvtec') return features;
  return tf.layers.dense({ units: spec.latentDim, kernelInitializer: seeds.glorot() }).apply(features) as tf.SymbolicTensor;
}

/** The encoder f: images `[N,H,W,C]` to latents `[N,L]` (spec 2.1 or 2.3), Glorot-uniform from `seed`. */
export function buildEncoder(spec: NetworkSpec, seed: number, name = 'encoder'): tf.LayersModel {
  validateNetworkSpec(spec);
  const seeds = new LayerSeeds(seed);
  const input = imageInput(spec);
  return tf.model({ inputs: input, outputs: latentOutput(input, spec, seeds), name });
}

/**
 * The VAE encoder: the encoder's features (small: the flattened trunk; mvtec: the 1x1xL code), then
 * Dense(32, ReLU) and two parallel Dense(L) layers; outputs `[mean, logVariance]`.
 */
export function buildVariationalEncoder(spec: NetworkSpec, seed: number, name = 'encoder'): tf.LayersModel {
  validateNetworkSpec(spec);
  const seeds = new LayerSeeds(seed);
  const input = imageInput(spec);
  const features = encoderFeatures(input, spec, seeds);
  const hidden = tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: seeds.glorot() }).apply(features) as tf.SymbolicTensor;
  const mean = tf.layers.dense({ units: spec.latentDim, kernelInitializer: seeds.glorot(), name: 'latent_mean' }).apply(hidden) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: spec.latentDim, kernelInitializer: seeds.glorot(), name: 'latent_log_variance' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [mean, logVar], name });
}

/** The decoder g: latents `[N,L]` to images `[N,H,W,C]` through a sigmoid (spec 2.2 or 2.3). */
export function buildDecoder(spec: NetworkSpec, seed: number, name = 'decoder'): tf.LayersModel {
  validateNetworkSpec(spec);
  const seeds = new LayerSeeds(seed);
  const latent = tf.input({ shape: [spec.latentDim] });
  const [h, w, c] = spec.inputShape;
  const logits =
    spec.architecture === 'small'
      ? smallDecoderLogits(latent, [h, w, c], seeds)
      : mvtecDecoderLogits(latent, [h, w, c], spec.latentDim, seeds);
  const output = tf.layers.activation({ activation: 'sigmoid' }).apply(logits) as tf.SymbolicTensor;
  return tf.model({ inputs: latent, outputs: output, name });
}

/**
 * The image discriminator D_x (spec 2.4): an encoder with its own weights giving q(x) `[N,L]`, then
 * Dense(1) and a sigmoid giving p `[N,1]`; outputs `[q, p]`.
 */
export function buildImageDiscriminator(spec: NetworkSpec, seed: number, name = 'image_discriminator'): tf.LayersModel {
  validateNetworkSpec(spec);
  const seeds = new LayerSeeds(seed);
  const input = imageInput(spec);
  const q = latentOutput(input, spec, seeds);
  const logit = tf.layers.dense({ units: 1, kernelInitializer: seeds.glorot(), name: DISCRIMINATOR_LOGIT_LAYER }).apply(q) as tf.SymbolicTensor;
  const p = tf.layers.activation({ activation: 'sigmoid' }).apply(logit) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [q, p], name });
}

/**
 * The latent discriminator D_z (spec 2.4): Dense 64, 128, 256, each with LeakyReLU(0.3) and
 * Dropout(0.3), then a linear Dense(1) giving a logit `[N,1]` (train it with a from-logits BCE).
 */
export function buildLatentDiscriminator(latentDim: number, seed: number, name = 'latent_discriminator'): tf.LayersModel {
  if (!Number.isInteger(latentDim) || latentDim <= 0) throw new Error(`latentDim must be a positive integer, got ${latentDim}`);
  const seeds = new LayerSeeds(seed);
  const input = tf.input({ shape: [latentDim] });
  let x = input;
  for (const units of [64, 128, 256]) {
    x = tf.layers.dense({ units, kernelInitializer: seeds.glorot() }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dropout({ rate: 0.3 }).apply(x) as tf.SymbolicTensor;
  }
  const logit = tf.layers.dense({ units: 1, kernelInitializer: seeds.glorot() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logit, name });
}

/** A view of a decoder (built here or loaded) that outputs the logits of x-hat, sharing its layers. */
export function decoderLogitsView(decoder: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: decoder.inputs, outputs: decoder.getLayer(DECODER_LOGITS_LAYER).output as tf.SymbolicTensor });
}

/** A view of an image discriminator that outputs `[q, logit of p]`, sharing its layers. */
export function discriminatorLogitView(discriminator: tf.LayersModel): tf.LayersModel {
  const q = discriminator.outputs[0];
  const logit = discriminator.getLayer(DISCRIMINATOR_LOGIT_LAYER).output as tf.SymbolicTensor;
  return tf.model({ inputs: discriminator.inputs, outputs: [q, logit] });
}

/** Number of trainable parameters of the given networks together. */
export function countTrainableParams(...networks: tf.LayersModel[]): number {
  let total = 0;
  for (const net of networks) for (const w of net.trainableWeights) total += w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  return total;
}
