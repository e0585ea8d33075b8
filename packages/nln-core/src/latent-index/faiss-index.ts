import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Index } from 'faiss-node';
import { writeWithAtomicRename } from '@nln/models';
import { requireFaiss } from './faiss-addon';
import { readIndexManifest, writeIndexManifest, type IndexManifest } from './index-manifest';
import {
  checkSearch,
  checkVectors,
  resolveBatchSize,
  type LatentIndex,
  type LatentIndexKind,
  type NeighbourResult,
  type SearchOptions,
} from './latent-index';

/** Vectors converted to a plain array per faiss call: bounds the one extra copy faiss-node needs. */
const CONVERSION_ROWS = 4096;
const DATA_FILE = 'latent-index.faiss';

/**
 * Shared code of the faiss-backed indexes. faiss-node takes plain `number[]` and returns squared L2
 * distances; each batch of rows is converted with one `Array.from` of a subarray view, so a large
 * input never needs more than one extra copy of one batch.
 */
abstract class FaissBackedIndex implements LatentIndex {
  abstract readonly kind: LatentIndexKind;
  abstract readonly exact: boolean;
  protected index: Index | null = null;
  private dimension = 0;

  protected constructor(index: Index | null) {
    if (index !== null) {
      this.index = index;
      this.dimension = index.getDimension();
    }
  }

  get size(): number {
    return this.index === null ? 0 : this.index.ntotal();
  }

  get dim(): number {
    return this.dimension;
  }

  /** Creates the empty faiss index of this kind. */
  protected abstract createIndex(dim: number): Index;

  add(vectors: Float32Array, dim: number): void {
    const what = `${this.constructor.name}.add`;
    const count = checkVectors(vectors, dim, what);
    if (this.dimension !== 0 && dim !== this.dimension) {
      throw new RangeError(`${what}: dimension ${dim} does not match the index's ${this.dimension}`);
    }
    if (count === 0) return;
    if (this.index === null) {
      this.index = this.createIndex(dim);
      this.dimension = dim;
    }
    const index = this.index;
    if (!index.isTrained()) index.train(Array.from(vectors));
    for (let row = 0; row < count; row += CONVERSION_ROWS) {
      const end = Math.min(count, row + CONVERSION_ROWS);
      index.add(Array.from(vectors.subarray(row * dim, end * dim)));
    }
  }

  async search(queries: Float32Array, k: number, options: SearchOptions = {}): Promise<NeighbourResult> {
    const what = `${this.constructor.name}.search`;
    const count = checkSearch(queries, k, this.size, this.dimension, what);
    const batch = resolveBatchSize(options.batchSize, CONVERSION_ROWS, what);
    const index = this.index as Index;
    const dim = this.dimension;
    const distances = new Float32Array(count * k);
    const indices = new Int32Array(count * k);
    for (let row = 0; row < count; row += batch) {
      const end = Math.min(count, row + batch);
      const result = index.search(Array.from(queries.subarray(row * dim, end * dim)), k);
      const offset = row * k;
      for (let j = 0; j < result.labels.length; j++) {
        const label = result.labels[j];
        if (label < 0) {
          throw new Error(`${what}: faiss returned fewer than ${k} neighbours for query ${row + Math.floor(j / k)}`);
        }
        indices[offset + j] = label;
        distances[offset + j] = Math.sqrt(Math.max(0, result.distances[j]));
      }
      // Let other work (progress bars, timers) run between batches of a long synchronous search.
      if (end < count) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { distances, indices, count, k };
  }

  /** Manifest fields specific to this kind. */
  protected manifestExtras(): { readonly factory?: string } {
    return {};
  }

  async save(dir: string): Promise<void> {
    if (this.index === null) throw new Error(`${this.constructor.name}.save: the index is empty`);
    const index = this.index;
    await fs.mkdir(dir, { recursive: true });
    await writeWithAtomicRename(path.join(dir, DATA_FILE), (temporary) => index.write(temporary));
    await writeIndexManifest(dir, {
      format: 'nln-latent-index',
      version: 1,
      kind: this.kind,
      dim: this.dimension,
      size: this.size,
      dataFile: DATA_FILE,
      ...this.manifestExtras(),
    });
  }

  dispose(): void {
    // faiss-node frees the native index when the wrapper is garbage-collected; dropping it is all we can do.
    this.index = null;
  }
}

/** Reads a faiss index file and checks it against its manifest. */
function readFaissFile(dir: string, manifest: IndexManifest, what: string): Index {
  const faiss = requireFaiss(what);
  const file = path.join(dir, manifest.dataFile);
  let index: Index;
  try {
    index = faiss.Index.read(file);
  } catch (error) {
    throw new Error(`${file}: cannot read the faiss index (${(error as Error).message})`, { cause: error });
  }
  if (index.getDimension() !== manifest.dim || index.ntotal() !== manifest.size) {
    throw new Error(
      `${file}: holds ${index.ntotal()} vectors of dimension ${index.getDimension()}, the manifest says ${manifest.size} of ${manifest.dim}`,
    );
  }
  return index;
}

/** Exact search with faiss's `IndexFlatL2` (brute force, BLAS). Needs the optional faiss-node addon. */
export class FaissFlatIndex extends FaissBackedIndex {
  /** Always `faiss-flat`. */
  readonly kind = 'faiss-flat' as const;
  /** Always true. */
  readonly exact = true;

  /** An empty index; throws a clear error if the faiss addon is missing. */
  constructor(index: Index | null = null) {
    requireFaiss('FaissFlatIndex');
    super(index);
  }

  protected createIndex(dim: number): Index {
    return new (requireFaiss('FaissFlatIndex').IndexFlatL2)(dim);
  }

  /** Loads an index saved by {@link FaissFlatIndex.save}. */
  static async load(dir: string): Promise<FaissFlatIndex> {
    const manifest = await readIndexManifest(dir);
    if (manifest.kind !== 'faiss-flat') throw new Error(`${dir}: holds a ${manifest.kind} index, not faiss-flat`);
    return new FaissFlatIndex(readFaissFile(dir, manifest, 'FaissFlatIndex.load'));
  }
}

/**
 * Approximate search with any faiss index factory string (for example `HNSW32` or `IVF256,Flat`).
 * Use only when asked for explicitly, and report its recall against an exact index
 * (see `measureRecall`). Indexes that need training are trained on the first batch added.
 */
export class FaissApproximateIndex extends FaissBackedIndex {
  /** Always `faiss-approximate`. */
  readonly kind = 'faiss-approximate' as const;
  /** Always false. */
  readonly exact = false;

  /** An empty index built from `factory` on the first add; throws if faiss is missing. */
  constructor(
    /** The faiss index factory string. */
    readonly factory: string,
    index: Index | null = null,
  ) {
    requireFaiss('FaissApproximateIndex');
    if (typeof factory !== 'string' || factory.trim() === '') {
      throw new RangeError('FaissApproximateIndex: a faiss factory string such as "HNSW32" is required');
    }
    super(index);
  }

  protected createIndex(dim: number): Index {
    try {
      return requireFaiss('FaissApproximateIndex').Index.fromFactory(dim, this.factory);
    } catch (error) {
      throw new Error(`FaissApproximateIndex: faiss rejected the factory string "${this.factory}" (${(error as Error).message})`, {
        cause: error,
      });
    }
  }

  protected override manifestExtras(): { readonly factory?: string } {
    return { factory: this.factory };
  }

  /** Loads an index saved by {@link FaissApproximateIndex.save}. */
  static async load(dir: string): Promise<FaissApproximateIndex> {
    const manifest = await readIndexManifest(dir);
    if (manifest.kind !== 'faiss-approximate' || manifest.factory === undefined) {
      throw new Error(`${dir}: holds a ${manifest.kind} index, not faiss-approximate`);
    }
    return new FaissApproximateIndex(manifest.factory, readFaissFile(dir, manifest, 'FaissApproximateIndex.load'));
  }
}
