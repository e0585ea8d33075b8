import type * as tf from '@tensorflow/tfjs';
import { defaultArchitecture, validateNetworkSpec } from '../architectures/network-spec';
import { AeModel, type AeNetworks } from './ae';
import { AaeModel, type AaeNetworks } from './aae';
import { AeConModel, type AeConNetworks } from './ae-con';
import { AeResModel, type AeResNetworks } from './ae-res';
import type { NetworkName, TrainableModel } from './base-model';
import { DEFAULT_LEARNING_RATES, type CreateModelOptions, type LearningRates, type ModelConfig, type OptimizerName } from './model-config';
import { assertModelKind, type ModelKind } from './model-kinds';
import { VaeModel } from './vae';

// Also exported from here, where the backend's specs take them.
export { assertModelKind, MODEL_KINDS } from './model-kinds';

/** The sub-networks each model kind has (and saves). */
export const MODEL_NETWORKS: Readonly<Record<ModelKind, readonly NetworkName[]>> = {
  ae: ['encoder', 'decoder'],
  vae: ['encoder', 'decoder'],
  aae: ['encoder', 'decoder', 'latent-discriminator'],
  'ae-res': ['encoder', 'decoder', 'image-discriminator'],
  'ae-con': ['encoder', 'decoder', 'image-discriminator', 'consistency-encoder'],
};

/** The full config of a model: defaults filled in and checked (shape, latent size, learning rates). */
export function resolveModelConfig(kind: ModelKind, options: CreateModelOptions): ModelConfig {
  assertModelKind(kind);
  const latentDim = options.latentDim ?? 32;
  const architecture = options.architecture ?? defaultArchitecture(options.inputShape);
  validateNetworkSpec({ inputShape: options.inputShape, latentDim, architecture });
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const defaults = DEFAULT_LEARNING_RATES[kind];
  const learningRates: LearningRates = { ...defaults };
  for (const [name, lr] of Object.entries(options.learningRates ?? {})) {
    if (!(name in defaults)) {
      throw new Error(`model '${kind}' has no optimiser '${name}' (it has ${Object.keys(defaults).join(', ')})`);
    }
    if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr))) throw new Error(`learning rate '${name}' must be a positive number, got ${lr}`);
    learningRates[name as OptimizerName] = lr;
  }
  return { kind, inputShape: [...options.inputShape] as unknown as ModelConfig['inputShape'], latentDim, architecture, seed, learningRates };
}

/**
 * A freshly initialised model of the given kind.
 *
 * @example
 * const ae = createModel('ae', { inputShape: [28, 28, 1], latentDim: 32, seed: 1 });
 */
export function createModel(kind: ModelKind, options: CreateModelOptions): TrainableModel {
  return modelFromNetworks(resolveModelConfig(kind, options));
}

/**
 * A model of `config.kind` around existing networks (e.g. loaded from disk), or fresh ones when
 * `networks` is omitted. The networks must be those of {@link MODEL_NETWORKS} for the kind.
 */
export function modelFromNetworks(config: ModelConfig, networks?: Partial<Record<NetworkName, tf.LayersModel>>): TrainableModel {
  switch (config.kind) {
    case 'ae':
      return new AeModel(config, networks as AeNetworks | undefined);
    case 'vae':
      return new VaeModel(config, networks as AeNetworks | undefined);
    case 'aae':
      return new AaeModel(config, networks as AaeNetworks | undefined);
    case 'ae-res':
      return new AeResModel(config, networks as AeResNetworks | undefined);
    case 'ae-con':
      return new AeConModel(config, networks as AeConNetworks | undefined);
    default:
      throw new Error(`unknown model kind '${String((config as { kind: unknown }).kind)}'`);
  }
}
