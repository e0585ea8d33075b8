import { z } from 'zod';

/** One timed case: a workload at one size on one engine. */
export const benchmarkRowSchema = z.object({
  /** Workload family: encoder, decoder, nln-inference, train-step or knn. */
  workload: z.enum(['encoder', 'decoder', 'nln-inference', 'train-step', 'knn']),
  /** Engine that ran it: the tfjs backend for model passes; faiss-flat, faiss-hnsw or tfjs-exact for KNN. */
  engine: z.string(),
  /** Human-readable size, e.g. "128x128x3 L=128 batch=1" or "N=60000 L=32 K=5 queries=1000". */
  case: z.string(),
  /** Items processed per timed run (images, or queries for KNN). */
  items: z.number().int().positive(),
  /** Median wall time of one run, ms. */
  medianMs: z.number().nonnegative(),
  /** 95th percentile of one run, ms. */
  p95Ms: z.number().nonnegative(),
  /** Median time per item, ms. */
  perItemMs: z.number().nonnegative(),
  /** Items per second at the median. */
  itemsPerSecond: z.number().nonnegative(),
  /** Timed repetitions. */
  reps: z.number().int().positive(),
  /** HNSW only: recall@K against the exact search. */
  recall: z.number().min(0).max(1).optional(),
  /** Parameters of the case, machine-readable. */
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});

/** The whole `benchmarks.json` file. */
export const benchmarkFileSchema = z.object({
  meta: z.object({
    startedAt: z.string(),
    seconds: z.number().nonnegative(),
    backend: z.string(),
    backendDetail: z.string(),
    device: z.string(),
    cpu: z.string(),
    cpuCount: z.number().int().positive(),
    node: z.string(),
    versions: z.record(z.string(), z.string()),
    options: z.record(z.string(), z.unknown()),
  }),
  rows: z.array(benchmarkRowSchema),
});

/** One row of `benchmarks.json`. */
export type BenchmarkRow = z.infer<typeof benchmarkRowSchema>;
/** The parsed `benchmarks.json`. */
export type BenchmarkFile = z.infer<typeof benchmarkFileSchema>;
