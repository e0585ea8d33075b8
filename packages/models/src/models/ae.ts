import * as tf from '@tensorflow/tfjs';
import { buildDecoder, buildEncoder } from '../architectures/networks';
import { bceWithLogits } from '../losses/losses';
import { BaseModel, type StepLosses } from './base-model';
import { applyGradients, computeGradients } from './gradient-step';
import type { ModelConfig } from './model-config';

/** Networks of an {@link AeModel}. */
export interface AeNetworks {
  /** f. */
  readonly encoder: tf.LayersModel;
  /** g. */
  readonly decoder: tf.LayersModel;
}

/** Builds a fresh encoder and decoder for `config` (seeds derived from `config.seed`). */
export function buildAeNetworks(config: ModelConfig): AeNetworks {
  return { encoder: buildEncoder(config, config.seed), decoder: buildDecoder(config, config.seed + 1) };
}

/** The vanilla autoencoder: BCE(x, g(f(x))) on all weights, Adam. */
export class AeModel extends BaseModel {
  readonly lossNames = ['reconstruction'] as const;

  /** Wraps trained or fresh networks (fresh ones when `networks` is omitted). */
  constructor(config: ModelConfig, networks: AeNetworks = buildAeNetworks(config)) {
    super(config, networks);
  }

  trainStep(x: tf.Tensor4D): StepLosses {
    const { encoder } = this.networks;
    const rec = computeGradients(
      () => bceWithLogits(x, this.decoderLogits.apply(encoder.apply(x, { training: true }), { training: true }) as tf.Tensor),
      [encoder, this.networks.decoder],
    );
    applyGradients([[rec, this.optimizer('autoencoder')]]);
    return { reconstruction: rec.loss };
  }
}
