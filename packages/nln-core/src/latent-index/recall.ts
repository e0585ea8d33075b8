import type { LatentIndex } from './latent-index';

/** Recall of an approximate index against an exact one. */
export interface RecallReport {
  /** Mean over queries of the fraction of the exact K neighbours the approximate search found. */
  readonly recall: number;
  /** Neighbours per query. */
  readonly k: number;
  /** Number of queries measured. */
  readonly queries: number;
}

/**
 * Recall@K of `approximate` against `exact` on `queries` (flat, `[n, dim]`): for each query, the
 * share of the exact K nearest neighbours that also appear among the approximate K, averaged.
 */
export async function measureRecall(
  approximate: LatentIndex,
  exact: LatentIndex,
  queries: Float32Array,
  k: number,
): Promise<RecallReport> {
  if (approximate.dim !== exact.dim || approximate.size !== exact.size) {
    throw new RangeError(
      `measureRecall: the indexes differ (${approximate.size} x ${approximate.dim} against ${exact.size} x ${exact.dim})`,
    );
  }
  const [found, truth] = await Promise.all([approximate.search(queries, k), exact.search(queries, k)]);
  let hits = 0;
  for (let q = 0; q < truth.count; q++) {
    const expected = new Set(truth.indices.subarray(q * k, (q + 1) * k));
    for (const index of found.indices.subarray(q * k, (q + 1) * k)) if (expected.has(index)) hits++;
  }
  return { recall: truth.count === 0 ? 1 : hits / (truth.count * k), k, queries: truth.count };
}
