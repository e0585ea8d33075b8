import * as path from 'node:path';
import { readFloat32File } from '../io/float-file';
import { loadFaiss } from './faiss-addon';
import { FaissApproximateIndex, FaissFlatIndex } from './faiss-index';
import { readIndexManifest } from './index-manifest';
import type { LatentIndex } from './latent-index';
import { TfjsExactIndex } from './tfjs-exact-index';

/** Which index implementation to use: `auto` picks faiss where its addon loads, else tfjs. */
export type LatentIndexChoice = 'auto' | 'faiss' | 'tfjs';

/** Options of {@link createLatentIndex}. */
export interface CreateLatentIndexOptions {
  /** Implementation; default `auto`. */
  readonly kind?: LatentIndexChoice;
  /**
   * A faiss index factory string (for example `HNSW32`) for approximate search. Never chosen
   * automatically; measure its recall with `measureRecall` and report it.
   */
  readonly approximate?: string;
  /** Receives one-line notices, such as the fallback to tfjs when faiss is missing. */
  readonly log?: (message: string) => void;
}

let fallbackReported = false;

/**
 * Creates an empty latent index. With `kind: 'auto'` it uses faiss when the addon loads, otherwise
 * the tfjs exact search, and says so once per process through `log`.
 */
export function createLatentIndex(options: CreateLatentIndexOptions = {}): LatentIndex {
  const kind = options.kind ?? 'auto';
  if (options.approximate !== undefined) {
    if (kind === 'tfjs') throw new Error('createLatentIndex: approximate search needs faiss; the tfjs index is exact only');
    return new FaissApproximateIndex(options.approximate);
  }
  switch (kind) {
    case 'faiss':
      return new FaissFlatIndex();
    case 'tfjs':
      return new TfjsExactIndex();
    case 'auto': {
      const faiss = loadFaiss();
      if (faiss.ok) return new FaissFlatIndex();
      if (!fallbackReported) {
        fallbackReported = true;
        options.log?.(`faiss-node is not available (${faiss.reason}); using the exact tfjs latent search instead`);
      }
      return new TfjsExactIndex();
    }
    default:
      throw new RangeError(`createLatentIndex: unknown kind ${String(kind)}; use 'auto', 'faiss' or 'tfjs'`);
  }
}

/**
 * Loads an index saved by any {@link LatentIndex.save}. A `tfjs-exact` folder loads as faiss when
 * `kind` asks for it (or `auto` finds faiss), since both are exact; a faiss folder needs the addon.
 */
export async function loadLatentIndex(dir: string, options: CreateLatentIndexOptions = {}): Promise<LatentIndex> {
  const manifest = await readIndexManifest(dir);
  switch (manifest.kind) {
    case 'faiss-flat':
      return FaissFlatIndex.load(dir);
    case 'faiss-approximate':
      return FaissApproximateIndex.load(dir);
    case 'tfjs-exact': {
      const kind = options.kind ?? 'tfjs';
      if (kind === 'tfjs') return TfjsExactIndex.load(dir);
      const values = await readFloat32File(path.join(dir, manifest.dataFile), manifest.size * manifest.dim);
      const index = createLatentIndex({ ...options, approximate: undefined });
      index.add(values, manifest.dim);
      return index;
    }
  }
}
