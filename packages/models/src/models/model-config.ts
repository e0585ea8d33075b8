import type { ImageShape } from '@nln/datasets';
import type { ArchitectureName } from '../architectures/network-spec';
import type { ModelKind } from './model-kinds';

/** Names of the optimisers a model may have; each model uses a subset (see {@link DEFAULT_LEARNING_RATES}). */
export type OptimizerName = 'autoencoder' | 'discriminator' | 'generator' | 'consistency';

/** Learning rate per optimiser. */
export type LearningRates = Partial<Record<OptimizerName, number>>;

/**
 * The reference code's Adam learning rates per model (spec section 3; the paper says 1e-4 for all):
 * - AE, VAE: the autoencoder at 1e-3;
 * - AAE: reconstruction (autoencoder), D_z (discriminator) and the encoder's adversarial update
 *   (generator), all 1e-5;
 * - AE-res: autoencoder 1e-3, D_x and the decoder's adversarial update 1e-5;
 * - AE-con: autoencoder, D_x and f_con (consistency), all 1e-4.
 */
export const DEFAULT_LEARNING_RATES: Readonly<Record<ModelKind, Readonly<LearningRates>>> = {
  ae: { autoencoder: 1e-3 },
  vae: { autoencoder: 1e-3 },
  aae: { autoencoder: 1e-5, discriminator: 1e-5, generator: 1e-5 },
  'ae-res': { autoencoder: 1e-3, discriminator: 1e-5, generator: 1e-5 },
  'ae-con': { autoencoder: 1e-4, discriminator: 1e-4, consistency: 1e-4 },
};

/** Everything needed to rebuild a model's networks and optimisers (saved in `nln-model.json`). */
export interface ModelConfig {
  /** Which of the paper's models. */
  readonly kind: ModelKind;
  /** Shape of one input image `[H, W, C]`. */
  readonly inputShape: ImageShape;
  /** Latent size L. */
  readonly latentDim: number;
  /** Encoder/decoder layer stack. */
  readonly architecture: ArchitectureName;
  /** Seed of the weight initialisers and of the model's own random draws (VAE noise, AAE prior). */
  readonly seed: number;
  /** Adam learning rate per optimiser (the model's entries of {@link DEFAULT_LEARNING_RATES}, overridden). */
  readonly learningRates: Readonly<LearningRates>;
}

/** Options for {@link createModel}: the kind and shapes, with the rest defaulted. */
export interface CreateModelOptions {
  /** Shape of one input image `[H, W, C]`. */
  readonly inputShape: ImageShape;
  /** Latent size L (default 32). */
  readonly latentDim?: number;
  /** Layer stack (default: `mvtec` for square images of width 64-256, else `small`). */
  readonly architecture?: ArchitectureName;
  /** Seed for initialisation and the model's random draws (default 42). */
  readonly seed?: number;
  /** Learning rates overriding the reference's (only the model's own optimisers are allowed). */
  readonly learningRates?: LearningRates;
}
