import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@nln/datasets';
import { decoderLogitsView } from '../architectures/networks';
import type { ArchitectureName } from '../architectures/network-spec';
import type { Autoencoder } from '../autoencoder';
import type { ModelKind } from './model-kinds';
import { createSeedSequence } from '../random';
import type { BatchNormFeed, BatchNormFeeder, BatchNormRecord } from '../training/batch-norm-statistics';
import { adam } from './gradient-step';
import type { ModelConfig, OptimizerName } from './model-config';

/** Loss terms of one training step, by name (scalars the caller disposes). */
export type StepLosses = Record<string, tf.Scalar>;

/** Per-epoch mean of each loss term, by term name, one entry per completed epoch. */
export type LossHistory = Record<string, number[]>;

/** What a model remembers of its training (saved with it, extended by each `train` call). */
export interface TrainingLog {
  /** Epochs completed so far. */
  epochs: number;
  /** Per-epoch loss means. */
  history: LossHistory;
  /** Options of the latest `train` call, as plain JSON. */
  options?: Record<string, unknown>;
  /** How the BatchNorm statistics were set when the latest `train` call ended (absent before any). */
  batchNorm?: BatchNormRecord;
}

/** Sub-network folder names inside a saved model. */
export type NetworkName = 'encoder' | 'decoder' | 'latent-discriminator' | 'image-discriminator' | 'consistency-encoder';

/** The sub-networks of a model by folder name; every model has an encoder and a decoder. */
export type ModelNetworks = Readonly<Partial<Record<NetworkName, tf.LayersModel>>> & {
  readonly encoder: tf.LayersModel;
  readonly decoder: tf.LayersModel;
};

/** An {@link Autoencoder} that can be trained step by step, saved and disposed. */
export interface TrainableModel extends Autoencoder, BatchNormFeeder {
  /** How it was built (saved in `nln-model.json`). */
  readonly config: ModelConfig;
  /** Encoder/decoder layer stack. */
  readonly architecture: ArchitectureName;
  /** The loss terms a training step reports, in display order. */
  readonly lossNames: readonly string[];
  /** The sub-networks, by the folder name they are saved under. */
  readonly networks: ModelNetworks;
  /** Training so far. */
  readonly trainingLog: TrainingLog;
  /** One optimisation step on a batch `[N,H,W,C]` in [0,1]; returns every loss term. */
  trainStep(x: tf.Tensor4D): StepLosses;
  /** Frees the weights and optimiser state. */
  dispose(): void;
}

/** Shared parts of the five models: config, encoder/decoder inference, optimisers, seeded draws. */
export abstract class BaseModel implements TrainableModel {
  abstract readonly lossNames: readonly string[];
  readonly trainingLog: TrainingLog = { epochs: 0, history: {} };
  protected readonly decoderLogits: tf.LayersModel;
  private readonly optimizers = new Map<OptimizerName, tf.Optimizer>();
  private readonly nextSeed: () => number;

  protected constructor(
    readonly config: ModelConfig,
    readonly networks: ModelNetworks,
  ) {
    this.decoderLogits = decoderLogitsView(networks.decoder);
    this.nextSeed = createSeedSequence(config.seed + 7919);
  }

  get kind(): ModelKind {
    return this.config.kind;
  }

  get inputShape(): ImageShape {
    return this.config.inputShape;
  }

  get latentDim(): number {
    return this.config.latentDim;
  }

  get architecture(): ArchitectureName {
    return this.config.architecture;
  }

  encode(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.latent(x, false));
  }

  decode(z: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => this.networks.decoder.apply(z, { training: false }) as tf.Tensor4D);
  }

  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.networks.decoder.apply(this.latent(x, false), { training: false }) as tf.Tensor4D);
  }

  abstract trainStep(x: tf.Tensor4D): StepLosses;

  /** Encoder on `x` and decoder on the codes a training step decodes; models with more networks add theirs. */
  batchNormFeeds(x: tf.Tensor4D): BatchNormFeed[] {
    return [
      { network: this.networks.encoder, input: x },
      { network: this.networks.decoder, input: this.trainingCodes(x) },
    ];
  }

  dispose(): void {
    for (const net of Object.values(this.networks)) net?.dispose();
    for (const opt of this.optimizers.values()) opt.dispose();
    this.optimizers.clear();
  }

  /** z = f(x) (the VAE overrides this with its mean). */
  protected latent(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    return this.networks.encoder.apply(x, { training }) as tf.Tensor2D;
  }

  /** The codes a training step decodes for `x` (training mode; the VAE overrides this with a sample). */
  protected trainingCodes(x: tf.Tensor4D): tf.Tensor2D {
    return this.latent(x, true);
  }

  /** The Adam optimiser `name`, created on first use with the configured learning rate. */
  protected optimizer(name: OptimizerName): tf.Optimizer {
    let opt = this.optimizers.get(name);
    if (opt === undefined) {
      const lr = this.config.learningRates[name];
      if (lr === undefined) throw new Error(`model '${this.kind}' has no learning rate for optimiser '${name}'`);
      opt = adam(lr);
      this.optimizers.set(name, opt);
    }
    return opt;
  }

  /** A fresh seed for a tfjs random op, from the model's seeded sequence. */
  protected seed(): number {
    return this.nextSeed();
  }
}
