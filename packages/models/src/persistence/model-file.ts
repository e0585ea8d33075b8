/**
 * A saved model's description (`nln-model.json`) and the checks of its networks, without file IO: shared
 * by loading from a folder (Node) and from a URL (browser).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@nln/datasets';
import type { NetworkName, TrainableModel, TrainingLog } from '../models/base-model';
import { MODEL_NETWORKS, modelFromNetworks } from '../models/create-model';
import { assertModelKind, type ModelKind } from '../models/model-kinds';
import { DEFAULT_LEARNING_RATES, type LearningRates, type ModelConfig } from '../models/model-config';
import { validateNetworkSpec } from '../architectures/network-spec';
import { BATCH_NORM_MODES, type BatchNormMode, type BatchNormRecord } from '../training/batch-norm-statistics';

/** File name of a saved model's description inside its folder. */
export const MODEL_CONFIG_FILE = 'nln-model.json';

/** Version of this package, written into every saved model. */
export const PACKAGE_VERSION = '0.1.0';

/** Format tag and version of `nln-model.json`. */
export const FORMAT = 'nln-model';
/** Version of `nln-model.json`'s layout that this package writes and reads. */
export const FORMAT_VERSION = 1;

/** Contents of `nln-model.json`. */
export interface SavedModelFile extends ModelConfig {
  /** Always `nln-model`. */
  readonly format: string;
  /** Version of this file's layout. */
  readonly formatVersion: number;
  /** Version of `@nln/models` that wrote it. */
  readonly packageVersion: string;
  /** Sub-network folders, each holding `model.json` and `weights.bin`. */
  readonly networks: readonly NetworkName[];
  /** Training so far (epochs, per-epoch losses, options of the last call). */
  readonly training: TrainingLog;
}

/** What a caller expects of a model folder; {@link loadModel} fails clearly on a mismatch. */
export interface ExpectedModel {
  /** Model kind. */
  readonly kind?: ModelKind;
  /** Shape of one input image. */
  readonly inputShape?: ImageShape;
  /** Latent size. */
  readonly latentDim?: number;
}

/** Throws an error naming `file` and the problem. */
export function fail(file: string, problem: string): never {
  throw new Error(`${file}: ${problem}`);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Parses and checks `nln-model.json`; every problem names the file. */
export function parseModelFile(text: string, file: string): SavedModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(file, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, 'expected a JSON object');
  const o = raw as Record<string, unknown>;
  if (o['format'] !== FORMAT) fail(file, `not an nln model description (format is ${JSON.stringify(o['format'])}, expected "${FORMAT}")`);
  if (o['formatVersion'] !== FORMAT_VERSION) fail(file, `unsupported formatVersion ${JSON.stringify(o['formatVersion'])} (this package reads ${FORMAT_VERSION})`);
  try {
    assertModelKind(o['kind']);
  } catch (error) {
    fail(file, (error as Error).message);
  }
  const kind = o['kind'] as ModelKind;
  const shape = o['inputShape'];
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(isPositiveInt)) fail(file, `inputShape must be [H, W, C] positive integers, got ${JSON.stringify(shape)}`);
  if (!isPositiveInt(o['latentDim'])) fail(file, `latentDim must be a positive integer, got ${JSON.stringify(o['latentDim'])}`);
  if (typeof o['seed'] !== 'number' || !Number.isInteger(o['seed'])) fail(file, `seed must be an integer, got ${JSON.stringify(o['seed'])}`);
  const architecture = o['architecture'];
  if (architecture !== 'small' && architecture !== 'mvtec') fail(file, `unknown architecture ${JSON.stringify(architecture)}`);
  const inputShape = shape as unknown as ImageShape;
  try {
    validateNetworkSpec({ inputShape, latentDim: o['latentDim'] as number, architecture });
  } catch (error) {
    fail(file, (error as Error).message);
  }
  const lrs = o['learningRates'];
  if (typeof lrs !== 'object' || lrs === null) fail(file, 'learningRates must be an object');
  const learningRates: LearningRates = {};
  for (const [name, lr] of Object.entries(lrs as Record<string, unknown>)) {
    if (!(name in DEFAULT_LEARNING_RATES[kind])) fail(file, `model '${kind}' has no optimiser '${name}'`);
    if (typeof lr !== 'number' || !(lr > 0)) fail(file, `learning rate '${name}' must be a positive number`);
    learningRates[name as keyof LearningRates] = lr;
  }
  const expectedNets = MODEL_NETWORKS[kind];
  const nets = o['networks'];
  if (!Array.isArray(nets) || nets.join() !== expectedNets.join()) {
    fail(file, `networks must be ${JSON.stringify(expectedNets)} for a '${kind}' model, got ${JSON.stringify(nets)}`);
  }
  const training = o['training'] as TrainingLog | undefined;
  if (typeof training !== 'object' || training === null || !Number.isInteger(training.epochs) || typeof training.history !== 'object' || training.history === null) {
    fail(file, 'training must hold epochs and history');
  }
  for (const [name, values] of Object.entries(training.history)) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) fail(file, `training.history.${name} must be a list of numbers`);
  }
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    packageVersion: String(o['packageVersion']),
    kind,
    inputShape,
    latentDim: o['latentDim'] as number,
    architecture,
    seed: o['seed'] as number,
    learningRates,
    networks: expectedNets,
    training: {
      epochs: training.epochs,
      history: training.history,
      ...(training.options ? { options: training.options } : {}),
      ...(training.batchNorm ? { batchNorm: parseBatchNormRecord(training.batchNorm, file) } : {}),
    },
  };
}

function parseBatchNormRecord(value: unknown, file: string): BatchNormRecord {
  const o = value as Record<string, unknown>;
  if (typeof o !== 'object' || o === null) fail(file, 'training.batchNorm must be an object');
  if (!BATCH_NORM_MODES.includes(o['mode'] as BatchNormMode)) fail(file, `training.batchNorm.mode must be one of ${BATCH_NORM_MODES.join(', ')}`);
  for (const key of ['layers', 'images']) {
    if (!(Number.isInteger(o[key]) && (o[key] as number) >= 0)) fail(file, `training.batchNorm.${key} must be a non-negative integer`);
  }
  return { mode: o['mode'] as BatchNormMode, layers: o['layers'] as number, images: o['images'] as number };
}

function sameDims(actual: readonly (number | null)[], expected: readonly number[]): boolean {
  return actual.length === expected.length + 1 && expected.every((d, i) => actual[i + 1] === d);
}

/** Checks a loaded network's input and output shapes against the config; errors name its file. */
export function checkNetwork(name: NetworkName, net: tf.LayersModel, config: ModelConfig, file: string): void {
  const { inputShape, latentDim, kind } = config;
  const image = [...inputShape];
  const inShape = net.inputs[0].shape;
  const outShapes = net.outputs.map((o) => o.shape);
  const describe = (): string => `input ${JSON.stringify(inShape)}, outputs ${JSON.stringify(outShapes)}`;
  let ok: boolean;
  switch (name) {
    case 'encoder':
      ok = sameDims(inShape, image) && outShapes.length === (kind === 'vae' ? 2 : 1) && outShapes.every((s) => sameDims(s, [latentDim]));
      break;
    case 'consistency-encoder':
      ok = sameDims(inShape, image) && outShapes.length === 1 && sameDims(outShapes[0], [latentDim]);
      break;
    case 'decoder':
      ok = sameDims(inShape, [latentDim]) && outShapes.length === 1 && sameDims(outShapes[0], image);
      break;
    case 'image-discriminator':
      ok = sameDims(inShape, image) && outShapes.length === 2 && sameDims(outShapes[0], [latentDim]) && sameDims(outShapes[1], [1]);
      break;
    case 'latent-discriminator':
      ok = sameDims(inShape, [latentDim]) && outShapes.length === 1 && sameDims(outShapes[0], [1]);
      break;
  }
  if (!ok) fail(file, `the ${name} network does not fit a '${kind}' model of ${image.join('x')} images and L=${latentDim} (${describe()})`);
}

/** Checks a saved model's description against what the caller expects; errors name `file`. */
export function checkExpected(saved: SavedModelFile, expected: ExpectedModel, file: string): void {
  if (expected.kind !== undefined && expected.kind !== saved.kind) fail(file, `holds a '${saved.kind}' model, expected '${expected.kind}'`);
  if (expected.inputShape !== undefined && expected.inputShape.join('x') !== saved.inputShape.join('x')) {
    fail(file, `model takes ${saved.inputShape.join('x')} images, expected ${expected.inputShape.join('x')}`);
  }
  if (expected.latentDim !== undefined && expected.latentDim !== saved.latentDim) fail(file, `model has L=${saved.latentDim}, expected L=${expected.latentDim}`);
}

/**
 * Loads each network of a saved model through `loadNetwork` (a tfjs URL per network name), checks its
 * shapes and builds the model with its training log. Networks loaded before an error are disposed.
 */
export async function assembleModel(saved: SavedModelFile, loadNetwork: (name: NetworkName) => { url: string; load: () => Promise<tf.LayersModel> }): Promise<TrainableModel> {
  const config: ModelConfig = {
    kind: saved.kind,
    inputShape: saved.inputShape,
    latentDim: saved.latentDim,
    architecture: saved.architecture,
    seed: saved.seed,
    learningRates: saved.learningRates,
  };
  const networks: Partial<Record<NetworkName, tf.LayersModel>> = {};
  try {
    for (const name of saved.networks) {
      const { url, load } = loadNetwork(name);
      let net: tf.LayersModel;
      try {
        net = await load();
      } catch (error) {
        const message = (error as Error).message;
        throw new Error(message.includes(url) ? message : `${url}: ${message}`);
      }
      networks[name] = net;
      checkNetwork(name, net, config, url);
    }
  } catch (error) {
    for (const net of Object.values(networks)) net?.dispose();
    throw error;
  }
  const model = modelFromNetworks(config, networks);
  model.trainingLog.epochs = saved.training.epochs;
  model.trainingLog.history = saved.training.history;
  if (saved.training.options) model.trainingLog.options = saved.training.options;
  if (saved.training.batchNorm) model.trainingLog.batchNorm = saved.training.batchNorm;
  return model;
}
