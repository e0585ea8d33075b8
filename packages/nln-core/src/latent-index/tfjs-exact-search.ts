import * as tf from '@tensorflow/tfjs';
import {
  checkSearch,
  checkVectors,
  resolveBatchSize,
  type LatentIndex,
  type NeighbourResult,
  type SearchOptions,
} from './latent-index';

/** Default bound on the `[batch, size]` distance matrix of one search batch, in values (64 MiB of float32). */
const DISTANCE_MATRIX_VALUES = 1 << 24;
/**
 * Extra candidates taken from the float32 ranking and re-ranked in float64, so a neighbour whose
 * float32 rank is off by rounding at the K-th place is still found.
 */
const REFINE_MARGIN = 3;

/**
 * Exact Euclidean search in tfjs on whatever backend is active (CPU, WASM, WebGL, WebGPU, tfjs-node),
 * without file IO, so it runs in a browser; `TfjsExactIndex` adds saving and loading for Node.
 *
 * Ranking uses the expansion ||q - x||^2 = ||q||^2 - 2 q.x + ||x||^2. The ||q||^2 term does not
 * change a query's ranking, so each batch ranks by 2 q.x - ||x||^2, computed as ONE matrix product of
 * augmented rows ([2q, -1] against [x, ||x||^2]), and `tf.topk` picks the K largest. The chosen
 * neighbours (and a few more candidates) are then re-ranked by distances recomputed directly in
 * float64, so the result carries no cancellation error from the expansion (and needs no clamping at 0). Queries are searched in
 * batches, so the score matrix never exceeds `batchSize * size` values.
 */
export class TfjsExactSearch implements LatentIndex {
  /** Always `tfjs-exact`. */
  readonly kind = 'tfjs-exact' as const;
  /** Always true. */
  readonly exact = true;
  private vectors = new Float32Array(0);
  private count = 0;
  private dimension = 0;
  private matrix: tf.Tensor2D | null = null;

  get size(): number {
    return this.count;
  }

  get dim(): number {
    return this.dimension;
  }

  /** The stored vectors, row-major `[size, dim]` (a view; do not modify). */
  get data(): Float32Array {
    return this.vectors.subarray(0, this.count * this.dimension);
  }

  add(vectors: Float32Array, dim: number): void {
    const count = checkVectors(vectors, dim, 'TfjsExactSearch.add');
    if (this.dimension !== 0 && dim !== this.dimension) {
      throw new RangeError(`TfjsExactSearch.add: dimension ${dim} does not match the index's ${this.dimension}`);
    }
    if (count === 0) return;
    this.dimension = dim;
    const used = this.count * dim;
    if (used + vectors.length > this.vectors.length) {
      const grown = new Float32Array(Math.max(used + vectors.length, this.vectors.length * 2));
      grown.set(this.vectors.subarray(0, used));
      this.vectors = grown;
    }
    this.vectors.set(vectors, used);
    this.count += count;
    this.releaseTensors();
  }

  async search(queries: Float32Array, k: number, options: SearchOptions = {}): Promise<NeighbourResult> {
    const nQueries = checkSearch(queries, k, this.count, this.dimension, 'TfjsExactSearch.search');
    const batch = resolveBatchSize(options.batchSize, DISTANCE_MATRIX_VALUES / this.count, 'TfjsExactSearch.search');
    const dim = this.dimension;
    const matrix = this.augmentedMatrix();
    const width = dim + 1;
    const candidates = Math.min(this.count, k + REFINE_MARGIN);
    const distances = new Float32Array(nQueries * k);
    const indices = new Int32Array(nQueries * k);
    for (let start = 0; start < nQueries; start += batch) {
      const end = Math.min(nQueries, start + batch);
      const rows = end - start;
      const augmented = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < dim; j++) augmented[r * width + j] = 2 * queries[(start + r) * dim + j];
        augmented[r * width + dim] = -1;
      }
      const chosen = tf.tidy(() => tf.topk(tf.matMul(tf.tensor2d(augmented, [rows, width]), matrix), candidates, true).indices);
      const found = (await chosen.data()) as Int32Array;
      chosen.dispose();
      for (let r = 0; r < rows; r++) {
        this.refineRow(queries, start + r, found.subarray(r * candidates, (r + 1) * candidates), k, distances, indices, (start + r) * k);
      }
    }
    return { distances, indices, count: nQueries, k };
  }

  /**
   * Recomputes the candidates' distances in float64, sorts them ascending (ties by index) and keeps
   * the first `k`.
   */
  private refineRow(
    queries: Float32Array,
    query: number,
    chosen: Int32Array,
    k: number,
    distances: Float32Array,
    indices: Int32Array,
    offset: number,
  ): void {
    const dim = this.dimension;
    const q = query * dim;
    const pairs: { index: number; distance: number }[] = [];
    for (const index of chosen) {
      const x = index * dim;
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const diff = queries[q + j] - this.vectors[x + j];
        sum += diff * diff;
      }
      pairs.push({ index, distance: Math.sqrt(sum) });
    }
    pairs.sort((a, b) => a.distance - b.distance || a.index - b.index);
    for (let j = 0; j < k; j++) {
      indices[offset + j] = pairs[j].index;
      distances[offset + j] = pairs[j].distance;
    }
  }

  /**
   * The stored vectors with ||x||^2 appended to each, TRANSPOSED to `[dim + 1, size]` so the search
   * is a plain matrix product (a transposed operand is several times slower on the WASM backend).
   * Built on the first search after an add.
   */
  private augmentedMatrix(): tf.Tensor2D {
    if (this.matrix === null) {
      const dim = this.dimension;
      const n = this.count;
      const columns = new Float32Array((dim + 1) * n);
      for (let i = 0; i < n; i++) {
        let norm = 0;
        for (let j = 0; j < dim; j++) {
          const v = this.vectors[i * dim + j];
          columns[j * n + i] = v;
          norm += v * v;
        }
        columns[dim * n + i] = norm;
      }
      this.matrix = tf.tensor2d(columns, [dim + 1, n]);
    }
    return this.matrix;
  }

  private releaseTensors(): void {
    this.matrix?.dispose();
    this.matrix = null;
  }

  /** Saving needs file IO, which lives in the Node entry: use `TfjsExactIndex` of `@nln/nln-core`. */
  save(dir: string): Promise<void> {
    return Promise.reject(new Error(`TfjsExactSearch.save(${dir}): saving needs the Node entry's TfjsExactIndex (@nln/nln-core)`));
  }

  dispose(): void {
    this.releaseTensors();
    this.vectors = new Float32Array(0);
    this.count = 0;
  }
}
