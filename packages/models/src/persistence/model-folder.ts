import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { registerFileRouters } from '../backend/file-model-io';
import { writeJsonAtomic } from '../io/atomic-file';
import type { TrainableModel } from '../models/base-model';
import { MODEL_NETWORKS } from '../models/create-model';
import { assembleModel, checkExpected, FORMAT, FORMAT_VERSION, MODEL_CONFIG_FILE, PACKAGE_VERSION, parseModelFile, type ExpectedModel, type SavedModelFile } from './model-file';

export { MODEL_CONFIG_FILE, PACKAGE_VERSION, parseModelFile, type ExpectedModel, type SavedModelFile } from './model-file';

function ensureFileRouters(): void {
  if (tf.io.getSaveHandlers('file:///probe').length === 0 || tf.io.getLoadHandlers('file:///probe').length === 0) registerFileRouters();
}

/**
 * Saves `model` to the folder `dir`: one sub-folder per network (`encoder/`, `decoder/`, and
 * `latent-discriminator/`, `image-discriminator/` or `consistency-encoder/` where the model has
 * them), each with tfjs `model.json` + `weights.bin` written through `file://`, then
 * `nln-model.json` (config, training log, package version), written last and atomically so a
 * folder with `nln-model.json` is complete. Optimiser state is not saved.
 */
export async function saveModel(model: TrainableModel, dir: string): Promise<void> {
  ensureFileRouters();
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const names = MODEL_NETWORKS[model.kind];
  for (const name of names) {
    const net = model.networks[name];
    if (net === undefined) throw new Error(`model '${model.kind}' has no '${name}' network to save`);
    await net.save(`file://${join(root, name)}`);
  }
  const file: SavedModelFile = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    packageVersion: PACKAGE_VERSION,
    ...model.config,
    networks: names,
    training: model.trainingLog,
  };
  await writeJsonAtomic(join(root, MODEL_CONFIG_FILE), file);
}

/**
 * Loads a folder written by {@link saveModel}. Checks `nln-model.json`, that every network loads
 * and fits the described shapes, and (when given) the expected kind, input shape and latent size;
 * a wrong, corrupt or missing file gives an error naming it.
 *
 * @example
 * const model = await loadModel('runs/mnist-0/model', { kind: 'ae', inputShape: [28, 28, 1] });
 */
export async function loadModel(dir: string, expected: ExpectedModel = {}): Promise<TrainableModel> {
  ensureFileRouters();
  const root = resolve(dir);
  const configPath = join(root, MODEL_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${configPath}: cannot read the model description (${code ?? (error as Error).message}); is ${root} a folder written by saveModel?`);
  }
  const saved = parseModelFile(text, configPath);
  checkExpected(saved, expected, configPath);
  return assembleModel(saved, (name) => {
    const file = join(root, name, 'model.json');
    return { url: file, load: () => tf.loadLayersModel(`file://${file}`) };
  });
}
