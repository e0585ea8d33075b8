import { createLatentIndex, faissAvailable, measureRecall, type LatentIndex } from '@nln/nln-core';
import { randomFloats } from '../harness/random-data';
import { toRow } from '../harness/row';
import { time, type TimingPlan } from '../harness/timing';
import type { BenchmarkRow } from '../output/results-schema';

/** The KNN grid: every N x L, each searched for every K. */
export interface KnnGrid {
  /** Training latents held by the index. */
  readonly sizes: readonly number[];
  /** Latent dimensions L. */
  readonly dims: readonly number[];
  /** Neighbours per query. */
  readonly ks: readonly number[];
  /** Queries per timed search. */
  readonly queries: number;
  /** A faiss factory string for the approximate engine (e.g. `HNSW32`), or null to skip it. */
  readonly approximate: string | null;
  /** Time the faiss engines too (where the addon is built); false times the tfjs search only. */
  readonly faiss: boolean;
}

/**
 * Times exact faiss (IndexFlatL2), approximate faiss (with its recall against the exact search) and the
 * exact tfjs search on the active backend, on the same random latents and queries. Engines that are not
 * available here (no faiss addon) are skipped with a note through `log`.
 */
export async function benchKnn(
  grid: KnnGrid,
  plan: TimingPlan,
  tfjsEngine: string,
  onRow: (row: BenchmarkRow) => void,
  log: (line: string) => void,
): Promise<BenchmarkRow[]> {
  const rows: BenchmarkRow[] = [];
  const faiss = grid.faiss && faissAvailable();
  if (grid.faiss && !faiss) log('knn: faiss-node is not built here; timing the tfjs exact search only');
  for (const n of grid.sizes) {
    for (const dim of grid.dims) {
      const base = randomFloats(n * dim, n + dim);
      const queries = randomFloats(grid.queries * dim, 7 * n + dim);
      const engines: { name: string; index: LatentIndex }[] = [{ name: `tfjs-exact (${tfjsEngine})`, index: createLatentIndex({ kind: 'tfjs' }) }];
      if (faiss) {
        engines.unshift({ name: 'faiss-flat', index: createLatentIndex({ kind: 'faiss' }) });
        if (grid.approximate) engines.push({ name: `faiss-${grid.approximate}`, index: createLatentIndex({ approximate: grid.approximate }) });
      }
      try {
        for (const engine of engines) engine.index.add(base, dim);
        const exact = engines[0].index;
        for (const k of grid.ks) {
          for (const engine of engines) {
            const timing = await time(async () => {
              await engine.index.search(queries, k);
            }, plan);
            const recall = engine.index.exact ? undefined : (await measureRecall(engine.index, exact, queries, k)).recall;
            const row = toRow(
              {
                workload: 'knn',
                engine: engine.name,
                case: `N=${n} L=${dim} K=${k} queries=${grid.queries}`,
                params: { n, dim, k, queries: grid.queries },
                ...(recall === undefined ? {} : { recall }),
              },
              grid.queries,
              timing,
            );
            rows.push(row);
            onRow(row);
          }
        }
      } finally {
        for (const engine of engines) engine.index.dispose();
      }
    }
  }
  return rows;
}
