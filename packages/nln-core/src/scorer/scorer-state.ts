/**
 * A saved scorer's state, read from any file source: the manifest (`scorer.json`) and its checks, the
 * training latents and the neighbour cache. No file IO here: the Node entry reads from a folder, the
 * browser entry over HTTP.
 */
import type { Autoencoder } from '@nln/models';
import type { LatentIndex } from '../latent-index/latent-index';
import type { RecallReport } from '../latent-index/recall';
import { ALPHA_CONVENTION } from '../scores/combined-score';
import { FEATURE_CONSISTENCY_VARIANTS, NLN_ERROR_MODES, type FeatureConsistency, type NlnErrorMode } from './error-mode';
import { quantisedFromRange, type NeighbourCache } from './neighbour-cache';
import { NEIGHBOUR_SOURCES, type Calibration, type DecisionThreshold, type NeighbourSource, type NlnScorerState } from './types';

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
export interface ScorerManifest {
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

/** Reads the files of a saved scorer; every error names the file (path or URL) and the problem. */
export interface ScorerFileSource {
  /** The file's full name (path or URL), for messages. */
  where(name: string): string;
  /** Parses a JSON file. */
  json(name: string): Promise<unknown>;
  /** Reads exactly `length` bytes. */
  bytes(name: string, length: number): Promise<Uint8Array>;
  /** Reads exactly `length` float32 values, none NaN or infinite. */
  float32(name: string, length: number): Promise<Float32Array>;
}

/** What a saved scorer holds besides its latent index. */
export interface ScorerParts {
  /** The checked manifest. */
  readonly manifest: ScorerManifest;
  /** `[trainCount, latentDim]` training latents. */
  readonly trainLatents: Float32Array;
  /** The neighbour cache, or null when neighbours are decoded. */
  readonly cache: NeighbourCache | null;
}

/** Checks a parsed `scorer.json` against the model; errors name `file`. */
export function checkManifest(json: unknown, file: string, model: ScorerModel): ScorerManifest {
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

/** Reads and checks `scorer.json`, the training latents and the neighbour cache from `source`. */
export async function readScorerParts(source: ScorerFileSource, model: ScorerModel): Promise<ScorerParts> {
  const manifest = checkManifest(await source.json(SCORER_FILES.manifest), source.where(SCORER_FILES.manifest), model);
  const trainLatents = await source.float32(SCORER_FILES.latents, manifest.trainCount * model.latentDim);
  const values = manifest.trainCount * manifest.cacheFeatureSize;
  let cache: NeighbourCache | null = null;
  if (manifest.cacheFeatureSize > 0 && manifest.neighbourSource === 'cache-uint8') {
    const range = await source.float32(`${SCORER_FILES.byteCache}.range.f32`, 2 * manifest.trainCount);
    cache = quantisedFromRange(await source.bytes(SCORER_FILES.byteCache, values), range);
  } else if (manifest.cacheFeatureSize > 0) {
    cache = await source.float32(SCORER_FILES.cache, values);
  }
  return { manifest, trainLatents, cache };
}

/** The scorer state of saved parts and a latent index over their training latents. */
export function stateFromParts(parts: ScorerParts, index: LatentIndex): NlnScorerState {
  const { manifest } = parts;
  return {
    errorMode: manifest.errorMode,
    featureConsistency: manifest.featureConsistency,
    neighbourSource: manifest.neighbourSource,
    trainLatents: parts.trainLatents,
    trainCount: manifest.trainCount,
    cache: parts.cache,
    cacheFeatureSize: manifest.cacheFeatureSize,
    index,
    calibration: manifest.calibration,
    threshold: manifest.threshold,
    recall: manifest.recall,
  };
}
