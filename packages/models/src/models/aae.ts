import * as tf from '@tensorflow/tfjs';
import { buildLatentDiscriminator } from '../architectures/networks';
import { bceWithLogits } from '../losses/losses';
import { buildAeNetworks, type AeNetworks } from './ae';
import { BaseModel, type StepLosses } from './base-model';
import { applyGradients, computeGradients } from './gradient-step';
import type { ModelConfig } from './model-config';

/** Networks of an {@link AaeModel}. */
export interface AaeNetworks extends AeNetworks {
  /** D_z, outputting a logit. */
  readonly 'latent-discriminator': tf.LayersModel;
}

/**
 * The adversarial autoencoder. Each step, from the same weights:
 * - reconstruction BCE(x, x-hat) updates f and g;
 * - D_z learns to tell prior samples n ~ N(0, I) (label 1) from codes z = f(x) (label 0);
 * - the encoder learns to make D_z call its codes real (generator BCE(1, D_z(f(x)))).
 * D_z outputs a logit and every adversarial BCE is computed from logits.
 */
export class AaeModel extends BaseModel {
  readonly lossNames = ['reconstruction', 'discriminator', 'generator'] as const;
  declare readonly networks: AaeNetworks;

  /** Wraps trained or fresh networks (fresh ones when `networks` is omitted). */
  constructor(config: ModelConfig, networks?: AaeNetworks) {
    super(config, networks ?? { ...buildAeNetworks(config), 'latent-discriminator': buildLatentDiscriminator(config.latentDim, config.seed + 2) });
  }

  trainStep(x: tf.Tensor4D): StepLosses {
    const { encoder, decoder } = this.networks;
    const dz = this.networks['latent-discriminator'];
    let z: tf.Tensor2D | undefined;
    const rec = computeGradients(() => {
      z = tf.keep(encoder.apply(x, { training: true }) as tf.Tensor2D);
      return bceWithLogits(x, this.decoderLogits.apply(z, { training: true }) as tf.Tensor);
    }, [encoder, decoder]);
    const codes = z as unknown as tf.Tensor2D;
    const priorSeed = this.seed();
    const disc = computeGradients(() => {
      const prior = tf.randomNormal(codes.shape, 0, 1, 'float32', priorSeed);
      return bceWithLogits(1, dz.apply(prior, { training: true }) as tf.Tensor).add(bceWithLogits(0, dz.apply(codes, { training: true }) as tf.Tensor));
    }, [dz]);
    const gen = computeGradients(
      () => bceWithLogits(1, dz.apply(encoder.apply(x, { training: true }), { training: true }) as tf.Tensor),
      [encoder],
      [encoder],
    );
    codes.dispose();
    applyGradients([
      [rec, this.optimizer('autoencoder')],
      [disc, this.optimizer('discriminator')],
      [gen, this.optimizer('generator')],
    ]);
    return { reconstruction: rec.loss, discriminator: disc.loss, generator: gen.loss };
  }
}
