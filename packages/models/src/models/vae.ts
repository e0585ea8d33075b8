import * as tf from '@tensorflow/tfjs';
import { buildDecoder, buildVariationalEncoder } from '../architectures/networks';
import { bceWithLogits, gaussianKlDivergence } from '../losses/losses';
import { BaseModel, type StepLosses } from './base-model';
import { applyGradients, computeGradients } from './gradient-step';
import type { ModelConfig } from './model-config';
import type { AeNetworks } from './ae';

/** The reference's fixed weight of the VAE's mean BCE (32*32, for every image size). */
export const VAE_RECONSTRUCTION_WEIGHT = 1024;

/**
 * The variational autoencoder: the encoder outputs `[mean, logVariance]`; training minimises
 * KL + 1024 * BCE(x, g(mean + exp(logVar/2) * eps)); its latent (for neighbours) and its
 * reconstructions use the mean.
 */
export class VaeModel extends BaseModel {
  readonly lossNames = ['total', 'kl', 'reconstruction'] as const;

  /** Wraps trained or fresh networks (fresh ones when `networks` is omitted). */
  constructor(config: ModelConfig, networks?: AeNetworks) {
    super(config, networks ?? { encoder: buildVariationalEncoder(config, config.seed), decoder: buildDecoder(config, config.seed + 1) });
  }

  protected override latent(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    return (this.networks.encoder.apply(x, { training }) as tf.Tensor2D[])[0];
  }

  /** A draw z = mean + exp(logVar/2) * eps, as a training step decodes. */
  protected override trainingCodes(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const [mean, logVar] = this.networks.encoder.apply(x, { training: true }) as tf.Tensor2D[];
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', this.seed());
      return mean.add(tf.exp(logVar.mul(0.5)).mul(eps));
    });
  }

  trainStep(x: tf.Tensor4D): StepLosses {
    const { encoder, decoder } = this.networks;
    const noiseSeed = this.seed();
    let kl: tf.Scalar | undefined;
    let rec: tf.Scalar | undefined;
    const step = computeGradients(() => {
      const [mean, logVar] = encoder.apply(x, { training: true }) as tf.Tensor2D[];
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed);
      const z = mean.add(tf.exp(logVar.mul(0.5)).mul(eps));
      const logits = this.decoderLogits.apply(z, { training: true }) as tf.Tensor;
      kl = tf.keep(gaussianKlDivergence(mean, logVar));
      rec = tf.keep(bceWithLogits(x, logits));
      return kl.add(rec.mul(VAE_RECONSTRUCTION_WEIGHT));
    }, [encoder, decoder]);
    applyGradients([[step, this.optimizer('autoencoder')]]);
    return { total: step.loss, kl: kl as unknown as tf.Scalar, reconstruction: rec as unknown as tf.Scalar };
  }
}
