import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readFloat32File, writeFloat32File } from '../io/float-file';
import { readIndexManifest, writeIndexManifest } from './index-manifest';
import { TfjsExactSearch } from './tfjs-exact-search';

const DATA_FILE = 'latent-index.f32';

/**
 * Exact Euclidean search in tfjs on whatever backend is active (see {@link TfjsExactSearch}), saved to
 * and loaded from a folder (`latent-index.json` and `latent-index.f32`).
 */
export class TfjsExactIndex extends TfjsExactSearch {
  override async save(dir: string): Promise<void> {
    if (this.size === 0) throw new Error('TfjsExactIndex.save: the index is empty');
    await fs.mkdir(dir, { recursive: true });
    await writeFloat32File(path.join(dir, DATA_FILE), this.data);
    await writeIndexManifest(dir, {
      format: 'nln-latent-index',
      version: 1,
      kind: this.kind,
      dim: this.dim,
      size: this.size,
      dataFile: DATA_FILE,
    });
  }

  /**
   * Loads an index saved by {@link TfjsExactIndex.save}. A folder saved by a faiss flat index can be
   * loaded with `loadLatentIndex` instead.
   */
  static async load(dir: string): Promise<TfjsExactIndex> {
    const manifest = await readIndexManifest(dir);
    if (manifest.kind !== 'tfjs-exact') throw new Error(`${dir}: holds a ${manifest.kind} index, not tfjs-exact`);
    const values = await readFloat32File(path.join(dir, manifest.dataFile), manifest.size * manifest.dim);
    const index = new TfjsExactIndex();
    index.add(values, manifest.dim);
    return index;
  }
}
