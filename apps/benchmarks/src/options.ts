import { parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName } from '@nln/models';
import { z } from 'zod';

const list = (what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1, `${what}: give at least one value`));
const intList = (what: string) =>
  list(what).transform((values, ctx) =>
    values.map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) ctx.addIssue({ code: 'custom', message: `${what}: '${v}' is not a positive whole number` });
      return n;
    }),
  );

/** Workload families that can be chosen with `--workloads`. */
export const WORKLOADS = ['models', 'knn', 'mvtec-scale'] as const;
/** Those run when `--workloads` is not given (mvtec-scale takes minutes to hours: only when asked). */
const DEFAULT_WORKLOADS = ['models', 'knn'] as const;
/** Model sizes that can be chosen with `--models`. */
export const MODEL_SIZES = ['mnist', 'cifar', 'mvtec'] as const;

/** Raw command-line values (strings), validated and given defaults. */
const optionsSchema = z.object({
  profile: z.enum(['quick', 'full']).default('quick'),
  workloads: list('--workloads').pipe(z.array(z.enum(WORKLOADS))).default([...DEFAULT_WORKLOADS]),
  models: list('--models').pipe(z.array(z.enum(MODEL_SIZES))).optional(),
  'knn-sizes': intList('--knn-sizes').optional(),
  'knn-dims': intList('--knn-dims').optional(),
  'knn-k': intList('--knn-k').optional(),
  queries: z.coerce.number().int().positive().optional(),
  hnsw: z.string().optional(),
  reps: z.coerce.number().int().positive().optional(),
  warmup: z.coerce.number().int().nonnegative().optional(),
  backend: z.enum(BACKEND_NAMES as [BackendName, ...BackendName[]]).optional(),
  'compare-webgpu': z.enum(['auto', 'always', 'never']).default('auto'),
  out: z.string().optional(),
  'profile-kernels': z.boolean().default(false),
  images: z.coerce.number().int().positive().default(40),
  'test-images': z.coerce.number().int().min(2).default(12),
  'batch-size': z.coerce.number().int().positive().default(32),
  'memory-budget': z.string().min(1).optional(),
  help: z.boolean().default(false),
});

/** Everything a benchmark run needs, defaults resolved from the profile. */
export interface BenchmarkOptions {
  readonly profile: 'quick' | 'full';
  readonly workloads: readonly (typeof WORKLOADS)[number][];
  readonly models: readonly (typeof MODEL_SIZES)[number][];
  readonly knnSizes: readonly number[];
  readonly knnDims: readonly number[];
  readonly knnK: readonly number[];
  readonly queries: number;
  /** faiss factory string of the approximate engine, or null for none. */
  readonly hnsw: string | null;
  readonly reps: number;
  readonly warmup: number;
  readonly backend?: BackendName;
  /**
   * Also time the model passes and the tfjs KNN on WebGPU, beside the main backend: `auto` when a
   * hardware adapter exists, `always` even on a software adapter, `never`.
   */
  readonly compareWebgpu: 'auto' | 'always' | 'never';
  readonly out: string;
  /** Also `tf.profile` one training step and one inference pass per model size (per-kernel table). */
  readonly profileKernels: boolean;
  /** mvtec-scale: generated training images, test images, training batch, `--memory-budget` passed on. */
  readonly mvtecScale: { readonly images: number; readonly testImages: number; readonly batchSize: number; readonly memoryBudget?: string };
  readonly help: boolean;
}

/** Help text: every option with its default per profile. */
export const HELP = `nx run benchmarks:run [options]

Times encoder, decoder, full NLN inference and a training step of the AE, and KNN lookups, on the
active tfjs backend (GPU where one is installed). Writes benchmarks.json and benchmarks.md.

  --profile=quick|full     quick (default, a few minutes here) or the full grid
  --workloads=models,knn   workload families (default models,knn); mvtec-scale: generate an
                           MVTec-shaped class at 1024 px and run the paper profile's MVTec pipeline
                           for one epoch (time per stage, peak RSS)
  --models=mnist,cifar,mvtec
                           model sizes: 28x28x1 L=32, 32x32x3 L=32, 128x128x3 L=128 (default all),
                           each at batch 1 and a throughput batch (quick 64/64/8; full 256/256/16)
  --knn-sizes=N,...        training latents (quick 10000,60000; full 10000,60000,300000)
  --knn-dims=L,...         latent sizes (quick 32; full 32,128,256)
  --knn-k=K,...            neighbours (quick 5; full 1,5,10)
  --queries=Q              queries per KNN search (default 1000)
  --hnsw=FACTORY|none      approximate faiss engine (default HNSW32)
  --reps=R --warmup=W      timed and discarded runs per case (quick 3/1; full 10/3)
  --backend=NAME           tensorflow-gpu, tensorflow, webgpu, wasm or cpu (default: best available)
  --compare-webgpu=auto|always|never
                           also time on WebGPU beside the main backend: auto = when a hardware
                           adapter exists (default); always = software adapters too
  --out=DIR                output folder (default results/benchmarks-<timestamp>)
  --profile-kernels        also tf.profile one training step and one inference pass (throughput
                           batch) per model size: kernel, calls, ms, share, into benchmarks.md/json
  --images=N               mvtec-scale: training images (default 40)
  --test-images=N          mvtec-scale: test images, half with defects and masks (default 12)
  --batch-size=B           mvtec-scale: training batch (default 32)
  --memory-budget=SIZE     mvtec-scale: passed to the experiments run (default: its own)
  --help                   this text
`;

/** Parses and validates the command line; throws an Error with a readable message on bad input. */
export function parseOptions(argv: readonly string[], now = new Date()): BenchmarkOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      profile: { type: 'string' },
      workloads: { type: 'string' },
      models: { type: 'string' },
      'knn-sizes': { type: 'string' },
      'knn-dims': { type: 'string' },
      'knn-k': { type: 'string' },
      queries: { type: 'string' },
      hnsw: { type: 'string' },
      reps: { type: 'string' },
      warmup: { type: 'string' },
      backend: { type: 'string' },
      'compare-webgpu': { type: 'string' },
      out: { type: 'string' },
      'profile-kernels': { type: 'boolean' },
      images: { type: 'string' },
      'test-images': { type: 'string' },
      'batch-size': { type: 'string' },
      'memory-budget': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const o = parsed.data;
  const full = o.profile === 'full';
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return {
    profile: o.profile,
    workloads: o.workloads,
    models: o.models ?? [...MODEL_SIZES],
    knnSizes: o['knn-sizes'] ?? (full ? [10_000, 60_000, 300_000] : [10_000, 60_000]),
    knnDims: o['knn-dims'] ?? (full ? [32, 128, 256] : [32]),
    knnK: o['knn-k'] ?? (full ? [1, 5, 10] : [5]),
    queries: o.queries ?? 1000,
    hnsw: o.hnsw === 'none' ? null : (o.hnsw ?? 'HNSW32'),
    reps: o.reps ?? (full ? 10 : 3),
    warmup: o.warmup ?? (full ? 3 : 1),
    backend: o.backend,
    compareWebgpu: o['compare-webgpu'],
    out: o.out ?? `results/benchmarks-${stamp}`,
    profileKernels: o['profile-kernels'],
    mvtecScale: { images: o.images, testImages: o['test-images'], batchSize: o['batch-size'], ...(o['memory-budget'] === undefined ? {} : { memoryBudget: o['memory-budget'] }) },
    help: o.help,
  };
}
