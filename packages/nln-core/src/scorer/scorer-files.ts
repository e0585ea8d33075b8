import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readFileInto, writeFileAtomic } from '@nln/models';
import { readFloat32File, readJsonFile, writeFloat32File } from '../io/float-file';
import { createLatentIndex, loadLatentIndex } from '../latent-index/create-latent-index';
import { loadFaiss } from '../latent-index/faiss-addon';
import { readIndexManifest } from '../latent-index/index-manifest';
import type { LatentIndex } from '../latent-index/latent-index';
import { ALPHA_CONVENTION } from '../scores/combined-score';
import { writeQuantisedRows } from './neighbour-cache-files';
import { readScorerParts, SCORER_FILES, stateFromParts, type ScorerFileSource, type ScorerManifest, type ScorerModel } from './scorer-state';
import type { NlnScorerOptions, NlnScorerState } from './types';

export { SCORER_FILES, type ScorerModel } from './scorer-state';

/**
 * Writes a scorer's state into `dir`: the training latents, the neighbour cache, the latent index,
 * and `scorer.json` (written last, so its presence marks a complete save) with the calibration,
 * threshold, settings, alpha convention and the model's kind, input shape and latent size. Every file
 * is written atomically.
 */
export async function writeScorerState(dir: string, state: NlnScorerState, model: ScorerModel): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await writeFloat32File(path.join(dir, SCORER_FILES.latents), state.trainLatents);
  const floatCache = path.join(dir, SCORER_FILES.cache);
  const byteCache = path.join(dir, SCORER_FILES.byteCache);
  for (const stale of [floatCache, byteCache, `${byteCache}.range.f32`]) await fs.rm(stale, { force: true });
  if (state.cache instanceof Float32Array) await writeFloat32File(floatCache, state.cache);
  else if (state.cache !== null) await writeQuantisedRows(byteCache, state.cache);
  await state.index.save(path.join(dir, SCORER_FILES.index));
  const manifest: ScorerManifest = {
    format: 'nln-scorer',
    version: 1,
    model: { kind: model.kind, inputShape: [...model.inputShape], latentDim: model.latentDim },
    alphaConvention: ALPHA_CONVENTION,
    errorMode: state.errorMode,
    featureConsistency: state.featureConsistency,
    neighbourSource: state.neighbourSource,
    trainCount: state.trainCount,
    cacheFeatureSize: state.cacheFeatureSize,
    calibration: state.calibration,
    threshold: state.threshold,
    recall: state.recall,
  };
  await writeFileAtomic(path.join(dir, SCORER_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads a saved scorer's files from the folder `dir`. */
function folderSource(dir: string): ScorerFileSource {
  const where = (name: string) => path.join(dir, name);
  return {
    where,
    json: (name) => readJsonFile(where(name)),
    float32: (name, length) => readFloat32File(where(name), length),
    bytes: async (name, length) => {
      const bytes = new Uint8Array(length);
      await readFileInto(where(name), bytes);
      return bytes;
    },
  };
}

/**
 * Reads the state written by {@link writeScorerState} for `model`. Errors name the missing or corrupt
 * file, or the mismatch with the model. A saved faiss index on a machine without the faiss addon is
 * rebuilt from the saved latents with the tfjs index (said through `options.log`).
 */
export async function readScorerState(dir: string, model: ScorerModel, options: Pick<NlnScorerOptions, 'indexKind' | 'log'> = {}): Promise<NlnScorerState> {
  const parts = await readScorerParts(folderSource(dir), model);
  const index = await loadIndex(path.join(dir, SCORER_FILES.index), parts.trainLatents, model.latentDim, options);
  return stateFromParts(parts, index);
}

async function loadIndex(dir: string, latents: Float32Array, dim: number, options: Pick<NlnScorerOptions, 'indexKind' | 'log'>): Promise<LatentIndex> {
  const saved = await readIndexManifest(dir);
  if (saved.kind === 'faiss-flat' && !loadFaiss().ok) {
    options.log?.(`${dir}: saved as a faiss index but faiss-node is not available here; rebuilding an exact tfjs index from the saved latents`);
    const index = createLatentIndex({ kind: 'tfjs' });
    index.add(latents, dim);
    return index;
  }
  return loadLatentIndex(dir, { kind: options.indexKind ?? (saved.kind === 'tfjs-exact' ? 'tfjs' : 'auto'), log: options.log });
}
