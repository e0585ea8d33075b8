import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic-file';

/** File name of the model description inside a saved model folder (as tfjs-node writes it). */
export const MODEL_JSON = 'model.json';
/** File name of the weights inside a saved model folder (as tfjs-node writes it). */
export const WEIGHTS_BIN = 'weights.bin';

const SCHEME = 'file://';

/** Bytes per element of each stored dtype (quantised weights use their quantisation dtype). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Byte size the weight specs describe, or null when a string weight makes it variable. */
function expectedWeightBytes(specs: tf.io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const spec of specs) {
    if (spec.dtype === 'string') return null;
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = DTYPE_BYTES[dtype];
    if (bytes == null) return null;
    total += spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/**
 * A tfjs `IOHandler` that saves a model as a folder `dir` holding `model.json` and `weights.bin`, in the
 * layout `@tensorflow/tfjs-node` uses (so the folder loads there, under tfjs-node-gpu and in Python's
 * tfjs converter), and loads such a folder (or a `model.json` path) back. Both files are written atomically
 * (weights first), so a crash never leaves a `model.json` whose weights are missing.
 */
export function fileModelHandler(path: string): tf.io.IOHandler {
  const target = resolve(path);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error(`saving to ${target}: binary model topologies are not supported, only JSON`);
      }
      const dir = target.endsWith(`/${MODEL_JSON}`) ? dirname(target) : target;
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
      await writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData: weights }) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      let jsonPath = target;
      const info = await stat(target).catch(() => null);
      if (info == null) throw new Error(`loading a model: ${target} does not exist`);
      if (info.isDirectory()) jsonPath = join(target, MODEL_JSON);
      let text: string;
      try {
        text = await readFile(jsonPath, 'utf8');
      } catch (error) {
        throw new Error(`loading a model: cannot read ${jsonPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(text) as tf.io.ModelJSON;
      } catch (error) {
        throw new Error(`loading a model: ${jsonPath} is not valid JSON (${(error as Error).message})`);
      }
      if (modelJson == null || typeof modelJson !== 'object' || modelJson.modelTopology == null) {
        throw new Error(`loading a model: ${jsonPath} has no modelTopology`);
      }
      if (modelJson.weightsManifest != null && !Array.isArray(modelJson.weightsManifest)) {
        throw new Error(`loading a model: ${jsonPath} has a weightsManifest that is not a list`);
      }
      const folder = dirname(jsonPath);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) {
            throw new Error(`loading a model: ${jsonPath} has a weightsManifest group without paths or weights`);
          }
          specs.push(...group.weights);
          for (const p of group.paths) {
            const file = join(folder, p);
            let bytes: Buffer;
            try {
              bytes = await readFile(file);
            } catch (error) {
              throw new Error(`loading a model: cannot read weights file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
            }
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = expectedWeightBytes(specs);
        if (expected != null && expected !== data.byteLength) {
          const files = manifest.flatMap((g) => g.paths.map((p) => join(folder, p))).join(', ');
          throw new Error(`loading a model: ${files} hold ${data.byteLength} bytes but ${jsonPath} describes ${expected}: truncated or from another model`);
        }
        return [specs, data];
      });
    },
  };
}

/** The local path of a `file://` URL, or null for any other URL. */
function filePath(url: string | string[]): string | null {
  const u = Array.isArray(url) ? url[0] : url;
  return typeof u === 'string' && u.startsWith(SCHEME) ? u.slice(SCHEME.length) : null;
}

let routersRegistered = false;

/**
 * Makes `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` work in plain tfjs in
 * Node, through {@link fileModelHandler}. {@link initBackend} calls it unless tfjs-node is the backend (tfjs-node
 * registers its own, compatible handler). Safe to call twice.
 */
export function registerFileRouters(): void {
  if (routersRegistered) return;
  // tfjs routers return null for URLs they do not handle, although the IORouter type does not say so.
  const router = ((url: string | string[]) => {
    const path = filePath(url);
    return path == null ? null : fileModelHandler(path);
  }) as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
  routersRegistered = true;
}
