import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic, type Autoencoder } from '@nln/models';
import { readFloat32File, readJsonFile, writeFloat32File } from '../io/float-file';
import { createLatentIndex, loadLatentIndex } from '../latent-index/create-latent-index';
import { loadFaiss } from '../latent-index/faiss-addon';
import { readIndexManifest } from '../latent-index/index-manifest';
import type { LatentIndex } from '../latent-index/latent-index';
import type { RecallReport } from '../latent-index/recall';
import { ALPHA_CONVENTION } from '../scores/combined-score';
import { FEATURE_CONSISTENCY_VARIANTS, NLN_ERROR_MODES, type FeatureConsistency, type NlnErrorMode } from './error-mode';
import { readQuantisedRows, writeQuantisedRows } from './neighbour-cache';
import { NEIGHBOUR_SOURCES, type Calibration, type DecisionThreshold, type NeighbourSource, type NlnScorerOptions, type NlnScorerState } from './types';

/** What a saved scorer records of its model, checked when it is read back. */
export type ScorerModel = Pick<Autoencoder, 'kind' | 'inputShape' | 'latentDim'>;

/** File names inside a saved scorer folder. */
export const SCORER_FILES = {
  manifest: 'scorer.json',
  latents: 'train-latents.f32',
  cache: 'neighbour-cache.f32',
  byteCache: 'neighbour-cache.u8',
  index: 'latent-index',
} as const;

/** The JSON manifest of a saved scorer. */
interface ScorerManifest {
  readonly format: 'nln-scorer';
  readonly version: 1;
  readonly model: { readonly kind: string; readonly inputShape: readonly number[]; readonly latentDim: number };
  readonly alphaConvention: typeof ALPHA_CONVENTION;
  readonly errorMode: NlnErrorMode;
  readonly featureConsistency: FeatureConsistency;
  readonly neighbourSource: NeighbourSource;
  readonly trainCount: number;
  readonly cacheFeatureSize: number;
  readonly calibration: Calibration | null;
  readonly threshold: DecisionThreshold | null;
  readonly recall: RecallReport | null;
}

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

function checkManifest(json: unknown, file: string, model: ScorerModel): ScorerManifest {
  const bad = (problem: string): Error => new Error(`${file}: ${problem}`);
  if (json === null || typeof json !== 'object' || (json as { format?: unknown }).format !== 'nln-scorer') {
    throw bad('not a saved NLN scorer (format is not "nln-scorer")');
  }
  const m = json as ScorerManifest;
  if (m.version !== 1) throw bad(`unsupported version ${String(m.version)}`);
  if (m.alphaConvention !== ALPHA_CONVENTION) throw bad(`unknown alpha convention ${String(m.alphaConvention)}`);
  if (typeof m.model !== 'object' || m.model === null) throw bad('missing model description');
  if (m.model.kind !== model.kind) throw bad(`was built for a ${m.model.kind} model, not ${model.kind}`);
  if (JSON.stringify(m.model.inputShape) !== JSON.stringify([...model.inputShape])) {
    throw bad(`was built for ${JSON.stringify(m.model.inputShape)} inputs, the model takes ${JSON.stringify([...model.inputShape])}`);
  }
  if (m.model.latentDim !== model.latentDim) throw bad(`was built for latent size ${m.model.latentDim}, the model has ${model.latentDim}`);
  if (!NLN_ERROR_MODES.includes(m.errorMode)) throw bad(`unknown error mode ${String(m.errorMode)}`);
  if (!FEATURE_CONSISTENCY_VARIANTS.includes(m.featureConsistency)) throw bad(`unknown featureConsistency ${String(m.featureConsistency)}`);
  if (!NEIGHBOUR_SOURCES.includes(m.neighbourSource)) throw bad(`unknown neighbourSource ${String(m.neighbourSource)}`);
  if (!Number.isInteger(m.trainCount) || m.trainCount <= 0) throw bad(`bad trainCount ${String(m.trainCount)}`);
  if (!Number.isInteger(m.cacheFeatureSize) || m.cacheFeatureSize < 0) throw bad(`bad cacheFeatureSize ${String(m.cacheFeatureSize)}`);
  const c = m.calibration;
  if (c !== null) {
    const finite = [c?.k, c?.alpha, ...['reconstruction', 'nlnError', 'distance'].flatMap((t) => {
      const mm = (c?.constants as Record<string, { min: number; max: number }> | undefined)?.[t];
      return [mm?.min, mm?.max];
    })];
    if (!finite.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(c.alpha >= 0 && c.alpha <= 1) || !Number.isInteger(c.k) || c.k < 1) {
      throw bad('corrupt calibration (K, alpha or a normalisation constant is missing or invalid)');
    }
  }
  if (m.threshold !== null && (typeof m.threshold !== 'object' || !Number.isFinite(m.threshold.value))) throw bad('corrupt threshold');
  return m;
}

/**
 * Reads the state written by {@link writeScorerState} for `model`. Errors name the missing or corrupt
 * file, or the mismatch with the model. A saved faiss index on a machine without the faiss addon is
 * rebuilt from the saved latents with the tfjs index (said through `options.log`).
 */
export async function readScorerState(dir: string, model: ScorerModel, options: Pick<NlnScorerOptions, 'indexKind' | 'log'> = {}): Promise<NlnScorerState> {
  const manifestFile = path.join(dir, SCORER_FILES.manifest);
  const manifest = checkManifest(await readJsonFile(manifestFile), manifestFile, model);
  const trainLatents = await readFloat32File(path.join(dir, SCORER_FILES.latents), manifest.trainCount * model.latentDim);
  const cache =
    manifest.cacheFeatureSize === 0
      ? null
      : manifest.neighbourSource === 'cache-uint8'
        ? await readQuantisedRows(path.join(dir, SCORER_FILES.byteCache), manifest.trainCount, manifest.cacheFeatureSize)
        : await readFloat32File(path.join(dir, SCORER_FILES.cache), manifest.trainCount * manifest.cacheFeatureSize);
  const index = await loadIndex(path.join(dir, SCORER_FILES.index), trainLatents, model.latentDim, options);
  return {
    errorMode: manifest.errorMode,
    featureConsistency: manifest.featureConsistency,
    neighbourSource: manifest.neighbourSource,
    trainLatents,
    trainCount: manifest.trainCount,
    cache,
    cacheFeatureSize: manifest.cacheFeatureSize,
    index,
    calibration: manifest.calibration,
    threshold: manifest.threshold,
    recall: manifest.recall,
  };
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
