/** Which implementation backs a {@link LatentIndex}. */
export type LatentIndexKind = 'faiss-flat' | 'faiss-approximate' | 'tfjs-exact';

/** Options of {@link LatentIndex.search}. */
export interface SearchOptions {
  /** Queries searched per batch; bounds the memory a search needs. Each implementation has a default. */
  readonly batchSize?: number;
}

/**
 * The K nearest neighbours of each query, row-major `[nQueries, k]`: row `i` holds query `i`'s
 * neighbours, nearest first.
 */
export interface NeighbourResult {
  /** Euclidean (not squared) distances, ascending within each row. */
  readonly distances: Float32Array;
  /** Positions of the neighbours in the order vectors were added, 0-based. */
  readonly indices: Int32Array;
  /** Number of queries. */
  readonly count: number;
  /** Neighbours per query. */
  readonly k: number;
}

/**
 * A searchable set of latent vectors (the training set's z), queried by Euclidean distance.
 * Vectors are flat row-major `Float32Array`s of `count * dim` values.
 */
export interface LatentIndex {
  /** The implementation. */
  readonly kind: LatentIndexKind;
  /** Number of vectors held. */
  readonly size: number;
  /** Length of each vector; 0 until the first {@link LatentIndex.add}. */
  readonly dim: number;
  /** Whether {@link LatentIndex.search} is exact (every kind but `faiss-approximate`). */
  readonly exact: boolean;
  /** Appends `vectors.length / dim` vectors; `dim` must match earlier additions. */
  add(vectors: Float32Array, dim: number): void;
  /** The `k` nearest stored vectors of each query; `k` may not exceed {@link LatentIndex.size}. */
  search(queries: Float32Array, k: number, options?: SearchOptions): Promise<NeighbourResult>;
  /** Writes the index into folder `dir` (created if missing), atomically file by file. */
  save(dir: string): Promise<void>;
  /** Releases native or tensor memory; the index is unusable afterwards. */
  dispose(): void;
}

/** Checks a flat vector array against `dim`; returns the number of vectors. */
export function checkVectors(vectors: Float32Array, dim: number, what: string): number {
  if (!(vectors instanceof Float32Array)) {
    throw new TypeError(`${what}: expected a Float32Array`);
  }
  if (!Number.isInteger(dim) || dim <= 0) {
    throw new RangeError(`${what}: dimension must be a positive integer, got ${dim}`);
  }
  if (vectors.length % dim !== 0) {
    throw new RangeError(`${what}: ${vectors.length} values is not a whole number of vectors of dimension ${dim}`);
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      throw new RangeError(`${what}: value ${i} (vector ${Math.floor(i / dim)}) is ${vectors[i]}`);
    }
  }
  return vectors.length / dim;
}

/** Checks the arguments of a search against an index of `size` vectors of length `dim`. */
export function checkSearch(queries: Float32Array, k: number, size: number, dim: number, what: string): number {
  if (size === 0) {
    throw new RangeError(`${what}: the index is empty; add vectors before searching`);
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`${what}: k must be a positive integer, got ${k}`);
  }
  if (k > size) {
    throw new RangeError(`${what}: k = ${k} neighbours requested but the index holds only ${size} vectors`);
  }
  return checkVectors(queries, dim, `${what} queries`);
}

/** Resolves a batch size option: a positive integer, or `fallback`. */
export function resolveBatchSize(batchSize: number | undefined, fallback: number, what: string): number {
  if (batchSize === undefined) return Math.max(1, Math.floor(fallback));
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${what}: batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}
