/** Loading a saved model over HTTP (fetch), for browsers: the folder `saveModel` writes, served as files. */
import * as tf from '@tensorflow/tfjs';
import type { TrainableModel } from '../models/base-model';
import { assembleModel, checkExpected, MODEL_CONFIG_FILE, parseModelFile, type ExpectedModel } from './model-file';

/** `url` made absolute against the page (tfjs loads `http(s)://` URLs only), with a trailing `/`. */
function folderUrl(url: string): string {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const absolute = page === undefined ? url : new URL(url, page).href;
  return absolute.endsWith('/') ? absolute : `${absolute}/`;
}

/**
 * Loads the model saved (with `saveModel`) at `url`: `nln-model.json`, then each network's tfjs
 * `model.json` and weights. Checks as `loadModel` does (the description, every network's shapes and,
 * when given, the expected kind, input shape and latent size); errors name the URL and the problem.
 */
export async function loadModelFromUrl(url: string, expected: ExpectedModel = {}): Promise<TrainableModel> {
  const base = folderUrl(url);
  const configUrl = `${base}${MODEL_CONFIG_FILE}`;
  const response = await fetch(configUrl);
  if (!response.ok) throw new Error(`${configUrl}: HTTP ${response.status} ${response.statusText}; is ${base} a folder written by saveModel?`.replace(' ;', ';'));
  const saved = parseModelFile(await response.text(), configUrl);
  checkExpected(saved, expected, configUrl);
  return assembleModel(saved, (name) => {
    const modelUrl = `${base}${name}/model.json`;
    return { url: modelUrl, load: () => tf.loadLayersModel(modelUrl) };
  });
}
