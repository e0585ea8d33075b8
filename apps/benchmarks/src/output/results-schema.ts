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

/** One kernel's line in a kernel profile. */
export const kernelProfileRowSchema = z.object({
  /** tfjs kernel name (or custom-gradient scope name). */
  kernel: z.string().min(1),
  /** Calls in the profiled run. */
  calls: z.number().int().positive(),
  /** Self time, ms: nested kernel calls are charged to themselves, not to the kernel that made them. */
  ms: z.number().nonnegative(),
  /** ms over the sum of every kernel's ms, 0..1. */
  share: z.number().min(0).max(1),
});

/** `tf.profile` of one training step or inference pass (`--profile-kernels`). */
export const kernelProfileSchema = z.object({
  /** What was profiled: one training step or one inference pass (encode + decode). */
  workload: z.enum(['train-step', 'inference']),
  /** Human-readable size, as in the rows. */
  case: z.string(),
  batch: z.number().int().positive(),
  /** Wall time of the profiled run, ms (profiling adds a read-back after every kernel). */
  wallMs: z.number().nonnegative(),
  /** Kernel calls, nested ones included. */
  kernelCalls: z.number().int().nonnegative(),
  /** Sum of the kernels' self times, ms. */
  kernelMs: z.number().nonnegative(),
  /** Kernels, most expensive first. */
  kernels: z.array(kernelProfileRowSchema),
});

/** `--workloads=mvtec-scale`: one paper-profile MVTec run on a generated class, its stages and peak RSS. */
export const mvtecScaleSchema = z.object({
  images: z.number().int().positive(),
  testImages: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  /** Training samples (patches, crops, rotated copies) of the epoch. */
  trainingSamples: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  /** The experiments command that was run. */
  command: z.string(),
  generateSeconds: z.number().nonnegative(),
  /** Wall seconds of the whole child process (start-up included). */
  runSeconds: z.number().nonnegative(),
  budgetBytes: z.number(),
  /** `cache` or `decode`, as the run's memory budget decided. */
  neighbourSource: z.string(),
  cacheBytes: z.number(),
  keptBytes: z.number(),
  /** The run's peak resident set size (its `process.resourceUsage().maxRSS`), bytes. */
  peakRssBytes: z.number(),
  stages: z.array(z.object({ stage: z.string(), seconds: z.number(), peakRssBytes: z.number() })),
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
  /** Per-kernel profiles, present when run with `--profile-kernels`. */
  kernelProfiles: z.array(kernelProfileSchema).optional(),
  /** Present when run with `--workloads=mvtec-scale`. */
  mvtecScale: mvtecScaleSchema.optional(),
});

/** One row of `benchmarks.json`. */
export type BenchmarkRow = z.infer<typeof benchmarkRowSchema>;
/** One `tf.profile` table. */
export type KernelProfileEntry = z.infer<typeof kernelProfileSchema>;
/** The MVTec scale run. */
export type MvtecScaleResult = z.infer<typeof mvtecScaleSchema>;
/** The parsed `benchmarks.json`. */
export type BenchmarkFile = z.infer<typeof benchmarkFileSchema>;
