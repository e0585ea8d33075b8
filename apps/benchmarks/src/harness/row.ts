import type { BenchmarkRow } from '../output/results-schema';
import type { Timing } from './timing';

/** A result row from a timing, the number of items one run processes, and the case's labels. */
export function toRow(
  fields: Pick<BenchmarkRow, 'workload' | 'engine' | 'case' | 'params'> & { readonly recall?: number },
  items: number,
  timing: Timing,
): BenchmarkRow {
  return {
    ...fields,
    items,
    medianMs: timing.medianMs,
    p95Ms: timing.p95Ms,
    perItemMs: timing.medianMs / items,
    itemsPerSecond: timing.medianMs > 0 ? (1000 * items) / timing.medianMs : 0,
    reps: timing.samplesMs.length,
  };
}
