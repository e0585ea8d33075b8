/**
 * The browser-safe entry of `@nln/models`: the five autoencoders, inference in batches and loading a
 * saved model over HTTP, without file IO, native addons or Node backends.
 *
 * @packageDocumentation
 * @module @nln/models/browser
 */
export type { Autoencoder } from './autoencoder';
export { assertModelKind, MODEL_KINDS } from './models/model-kinds';
export type { ModelKind } from './models/model-kinds';
export type { ArchitectureName, NetworkSpec } from './architectures/network-spec';
export type { LossHistory, ModelNetworks, NetworkName, TrainableModel, TrainingLog } from './models/base-model';
export type { ModelConfig } from './models/model-config';
export { createModel, MODEL_NETWORKS, modelFromNetworks } from './models/create-model';
export { arraySource, isTrainingSource, readBatch } from './training/training-source';
export type { TrainingSource } from './training/training-source';
export { computeModelOutputs, mapBatches } from './inference/map-batches';
export type { BatchedOutput, BatchPass, MapBatchesOptions, ModelOutputs } from './inference/map-batches';
export { MODEL_CONFIG_FILE, PACKAGE_VERSION, parseModelFile, type ExpectedModel, type SavedModelFile } from './persistence/model-file';
export { loadModelFromUrl } from './persistence/model-url';
