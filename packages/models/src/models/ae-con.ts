import * as tf from '@tensorflow/tfjs';
import { buildEncoder, buildImageDiscriminator, discriminatorLogitView } from '../architectures/networks';
import { bceWithLogits, meanSquaredError } from '../losses/losses';
import { buildAeNetworks } from './ae';
import type { AeResNetworks } from './ae-res';
import { BaseModel, type StepLosses } from './base-model';
import type { BatchNormFeed } from '../training/batch-norm-statistics';
import { applyGradients, computeGradients } from './gradient-step';
import type { ModelConfig } from './model-config';

/** Weight of the reconstruction term in AE-con's autoencoder loss (GANomaly's w_con = 50). */
export const AE_CON_RECONSTRUCTION_WEIGHT = 50;

/** Networks of an {@link AeConModel}. */
export interface AeConNetworks extends AeResNetworks {
  /** f_con: a second encoder applied to reconstructions. */
  readonly 'consistency-encoder': tf.LayersModel;
}

/**
 * AE-con (the reference's GANomaly): an autoencoder, an image discriminator D_x and a second encoder
 * f_con. Each step, from the same weights:
 * - f and g minimise 50 * BCE(x, x-hat) + BCE(1, p(x-hat)) + ||f(x) - f_con(x-hat)||^2 (mean);
 * - D_x's sigmoid head learns real x (1) against x-hat (0);
 * - f_con minimises the same latent consistency term with x-hat and f(x) held fixed.
 */
export class AeConModel extends BaseModel {
  readonly lossNames = ['total', 'reconstruction', 'adversarial', 'consistency', 'discriminator', 'consistencyEncoder'] as const;
  declare readonly networks: AeConNetworks;
  private readonly discriminatorLogit: tf.LayersModel;

  /** Wraps trained or fresh networks (fresh ones when `networks` is omitted). */
  constructor(config: ModelConfig, networks?: AeConNetworks) {
    super(
      config,
      networks ?? {
        ...buildAeNetworks(config),
        'image-discriminator': buildImageDiscriminator(config, config.seed + 2),
        'consistency-encoder': buildEncoder(config, config.seed + 3, 'consistency_encoder'),
      },
    );
    this.discriminatorLogit = discriminatorLogitView(this.networks['image-discriminator']);
  }

  /** f_con(x): the second encoder's latents `[N,L]`, inference mode. */
  consistencyEncode(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.networks['consistency-encoder'].apply(x, { training: false }) as tf.Tensor2D);
  }

  /** Encoder and decoder as for the AE, plus the networks a step feeds with x and its reconstruction. */
  override batchNormFeeds(x: tf.Tensor4D): BatchNormFeed[] {
    const feeds = super.batchNormFeeds(x);
    const xHat = this.networks.decoder.apply(feeds[1].input, { training: true }) as tf.Tensor4D;
    return [
      ...feeds,
      { network: this.networks['image-discriminator'], input: x },
      { network: this.networks['image-discriminator'], input: xHat },
      { network: this.networks['consistency-encoder'], input: xHat },
    ];
  }

  trainStep(x: tf.Tensor4D): StepLosses {
    const { encoder, decoder } = this.networks;
    const dx = this.networks['image-discriminator'];
    const fCon = this.networks['consistency-encoder'];
    const logitOf = (images: tf.Tensor): tf.Tensor => (this.discriminatorLogit.apply(images, { training: true }) as tf.Tensor[])[1];
    let z: tf.Tensor | undefined;
    let xHat: tf.Tensor | undefined;
    const terms: tf.Scalar[] = [];
    const total = computeGradients(
      () => {
        const codes = encoder.apply(x, { training: true }) as tf.Tensor;
        const logits = this.decoderLogits.apply(codes, { training: true }) as tf.Tensor;
        const images = tf.sigmoid(logits);
        z = tf.keep(codes);
        xHat = tf.keep(images);
        const rec = bceWithLogits(x, logits);
        const adv = bceWithLogits(1, logitOf(images));
        const con = meanSquaredError(codes, fCon.apply(images, { training: true }) as tf.Tensor);
        terms.push(tf.keep(rec), tf.keep(adv), tf.keep(con));
        return rec.mul(AE_CON_RECONSTRUCTION_WEIGHT).add(adv).add(con);
      },
      [encoder, decoder],
      [dx, fCon],
    );
    const codes = z as unknown as tf.Tensor;
    const fakes = xHat as unknown as tf.Tensor;
    const disc = computeGradients(() => bceWithLogits(1, logitOf(x)).add(bceWithLogits(0, logitOf(fakes))), [dx]);
    const consistency = computeGradients(() => meanSquaredError(codes, fCon.apply(fakes, { training: true }) as tf.Tensor), [fCon]);
    tf.dispose([codes, fakes]);
    applyGradients([
      [total, this.optimizer('autoencoder')],
      [disc, this.optimizer('discriminator')],
      [consistency, this.optimizer('consistency')],
    ]);
    const [reconstruction, adversarial, con] = terms;
    return { total: total.loss, reconstruction, adversarial, consistency: con, discriminator: disc.loss, consistencyEncoder: consistency.loss };
  }
}
