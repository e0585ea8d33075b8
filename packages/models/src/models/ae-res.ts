import * as tf from '@tensorflow/tfjs';
import { buildImageDiscriminator, discriminatorLogitView } from '../architectures/networks';
import { bceWithLogits } from '../losses/losses';
import { buildAeNetworks, type AeNetworks } from './ae';
import { BaseModel, type StepLosses } from './base-model';
import type { BatchNormFeed } from '../training/batch-norm-statistics';
import { applyGradients, computeGradients } from './gradient-step';
import type { ModelConfig } from './model-config';

/** Networks of a model with an image discriminator D_x. */
export interface AeResNetworks extends AeNetworks {
  /** D_x, outputting `[q, p]`. */
  readonly 'image-discriminator': tf.LayersModel;
}

/**
 * AE-res (the reference's DAE_disc): an autoencoder with an image discriminator D_x whose
 * L-dimensional features q give the residual NLN error (Eq. 7). Each step, from the same weights:
 * - reconstruction BCE(x, x-hat) updates f and g;
 * - D_x's sigmoid head learns real x (1) against x-hat (0);
 * - the decoder learns to make D_x call x-hat real (generator BCE(1, p(x-hat))).
 */
export class AeResModel extends BaseModel {
  readonly lossNames = ['reconstruction', 'discriminator', 'generator'] as const;
  declare readonly networks: AeResNetworks;
  private readonly discriminatorLogit: tf.LayersModel;

  /** Wraps trained or fresh networks (fresh ones when `networks` is omitted). */
  constructor(config: ModelConfig, networks?: AeResNetworks) {
    super(config, networks ?? { ...buildAeNetworks(config), 'image-discriminator': buildImageDiscriminator(config, config.seed + 2) });
    this.discriminatorLogit = discriminatorLogitView(this.networks['image-discriminator']);
  }

  /** q(x): D_x's features `[N,L]`, inference mode. */
  discriminatorFeatures(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => (this.networks['image-discriminator'].apply(x, { training: false }) as tf.Tensor2D[])[0]);
  }

  /** Encoder and decoder as for the AE, plus the networks a step feeds with x and its reconstruction. */
  override batchNormFeeds(x: tf.Tensor4D): BatchNormFeed[] {
    const feeds = super.batchNormFeeds(x);
    const dx = this.networks['image-discriminator'];
    const xHat = this.networks.decoder.apply(feeds[1].input, { training: true }) as tf.Tensor4D;
    return [
      ...feeds,
      { network: dx, input: x },
      { network: dx, input: xHat },
    ];
  }

  trainStep(x: tf.Tensor4D): StepLosses {
    const { encoder, decoder } = this.networks;
    const dx = this.networks['image-discriminator'];
    const logitOf = (images: tf.Tensor): tf.Tensor => (this.discriminatorLogit.apply(images, { training: true }) as tf.Tensor[])[1];
    let z: tf.Tensor | undefined;
    let xHat: tf.Tensor | undefined;
    const rec = computeGradients(() => {
      z = tf.keep(encoder.apply(x, { training: true }) as tf.Tensor);
      const logits = this.decoderLogits.apply(z, { training: true }) as tf.Tensor;
      xHat = tf.keep(tf.sigmoid(logits));
      return bceWithLogits(x, logits);
    }, [encoder, decoder]);
    const codes = z as unknown as tf.Tensor;
    const fakes = xHat as unknown as tf.Tensor;
    const disc = computeGradients(() => bceWithLogits(1, logitOf(x)).add(bceWithLogits(0, logitOf(fakes))), [dx]);
    const gen = computeGradients(
      () => bceWithLogits(1, logitOf(tf.sigmoid(this.decoderLogits.apply(codes, { training: true }) as tf.Tensor))),
      [decoder],
      [decoder, dx],
    );
    tf.dispose([codes, fakes]);
    applyGradients([
      [rec, this.optimizer('autoencoder')],
      [disc, this.optimizer('discriminator')],
      [gen, this.optimizer('generator')],
    ]);
    return { reconstruction: rec.loss, discriminator: disc.loss, generator: gen.loss };
  }
}
