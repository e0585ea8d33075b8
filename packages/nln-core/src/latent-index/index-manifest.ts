import * as path from 'node:path';
import { writeFileAtomic } from '@nln/models';
import { readJsonFile } from '../io/float-file';
import type { LatentIndexKind } from './latent-index';

/** File name of the manifest that describes a saved index. */
export const INDEX_MANIFEST = 'latent-index.json';

/** What a saved index folder's manifest records. */
export interface IndexManifest {
  /** Always `nln-latent-index`. */
  readonly format: 'nln-latent-index';
  /** Manifest version. */
  readonly version: 1;
  /** Implementation that wrote the folder. */
  readonly kind: LatentIndexKind;
  /** Vector length. */
  readonly dim: number;
  /** Number of vectors. */
  readonly size: number;
  /** faiss factory string, for `faiss-approximate`. */
  readonly factory?: string;
  /** Data file name inside the folder. */
  readonly dataFile: string;
}

const kinds: readonly LatentIndexKind[] = ['faiss-flat', 'faiss-approximate', 'tfjs-exact'];

/** Writes the manifest last, so its presence marks a complete save. */
export async function writeIndexManifest(dir: string, manifest: IndexManifest): Promise<void> {
  await writeFileAtomic(path.join(dir, INDEX_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and validates a saved index's manifest; errors name the file and the problem. */
export async function readIndexManifest(dir: string): Promise<IndexManifest> {
  const file = path.join(dir, INDEX_MANIFEST);
  const json = (await readJsonFile(file)) as Partial<IndexManifest> | null;
  const bad = (problem: string): Error => new Error(`${file}: ${problem}`);
  if (json === null || typeof json !== 'object' || json.format !== 'nln-latent-index') throw bad('not a latent index manifest');
  if (json.version !== 1) throw bad(`unsupported version ${String(json.version)}`);
  if (!kinds.includes(json.kind as LatentIndexKind)) throw bad(`unknown index kind ${String(json.kind)}`);
  if (!Number.isInteger(json.dim) || (json.dim as number) <= 0) throw bad(`bad dim ${String(json.dim)}`);
  if (!Number.isInteger(json.size) || (json.size as number) < 0) throw bad(`bad size ${String(json.size)}`);
  if (typeof json.dataFile !== 'string' || json.dataFile.includes('/') || json.dataFile.includes('\\')) throw bad('bad dataFile');
  return json as IndexManifest;
}
