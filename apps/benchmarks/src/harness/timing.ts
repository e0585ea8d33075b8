/** Timing of one benchmark case: warm-up runs, then timed repetitions. */
export interface Timing {
  /** Wall-clock milliseconds of every timed repetition, in run order. */
  readonly samplesMs: number[];
  /** Median of the samples. */
  readonly medianMs: number;
  /** 95th percentile of the samples (nearest rank). */
  readonly p95Ms: number;
}

/** How many runs to discard and to time. */
export interface TimingPlan {
  /** Runs before the clock starts (shader compilation, JIT, allocator warm-up). */
  readonly warmup: number;
  /** Timed runs. */
  readonly reps: number;
}

/** Value at quantile `q` in [0,1] of `values` by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** Median of `values` (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `run`, which must finish its work before it resolves (for tensors: read the result with
 * `await data()`, so the device has finished before the clock stops).
 */
export async function time(run: () => Promise<void>, plan: TimingPlan): Promise<Timing> {
  for (let i = 0; i < plan.warmup; i++) await run();
  const samplesMs: number[] = [];
  for (let i = 0; i < plan.reps; i++) {
    const start = process.hrtime.bigint();
    await run();
    samplesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { samplesMs, medianMs: median(samplesMs), p95Ms: quantile(samplesMs, 0.95) };
}
