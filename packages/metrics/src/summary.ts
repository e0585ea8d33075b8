/**
 * Summary statistics for reporting: mean and sample standard deviation across classes or seeds, and the
 * paper's "% increase" of Tables 1-2.
 */
import { MetricError } from './validate';

/** Mean and spread of a set of values. */
export interface Summary {
  /** Number of values. */
  readonly n: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (divisor n - 1); `null` when n = 1, where it is undefined. */
  readonly std: number | null;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
}

/**
 * Mean, sample standard deviation (n - 1 divisor, numpy's `std(ddof=1)`), min and max of `values`.
 * Throws {@link MetricError} on empty input or a NaN/infinite value (naming its index).
 */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) throw new MetricError('summarize: empty input (no values)');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new MetricError(`summarize: value at index ${i} is ${v}; values must be finite`);
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  if (n === 1) return { n, mean, std: null, min, max };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { n, mean, std: Math.sqrt(squares / (n - 1)), min, max };
}

/** Per-seed class means and their spread across seeds; see {@link summarizeSeedsByClass}. */
export interface SeedClassSummary {
  /** For each seed (row), the mean over its classes. */
  readonly perSeedMean: Float64Array;
  /** Summary of the per-seed class means: the headline "mean +- std over seeds". */
  readonly acrossSeeds: Summary;
  /** For each class (column), the summary across seeds. */
  readonly perClass: Summary[];
}

/**
 * Summarises a seeds x classes table of scores (`table[seed][class]`, every row the same length):
 * the class mean of each seed, their mean and sample std across seeds, and each class across seeds.
 * Throws {@link MetricError} on an empty or ragged table or a non-finite value.
 */
export function summarizeSeedsByClass(table: readonly ArrayLike<number>[]): SeedClassSummary {
  if (table.length === 0) throw new MetricError('summarizeSeedsByClass: empty table (no seeds)');
  const classes = table[0].length;
  if (classes === 0) throw new MetricError('summarizeSeedsByClass: empty table (no classes)');
  table.forEach((row, s) => {
    if (row.length !== classes) {
      throw new MetricError(`summarizeSeedsByClass: seed row ${s} has ${row.length} classes, row 0 has ${classes}`);
    }
  });
  const perSeedMean = Float64Array.from(table, (row) => summarize(row).mean);
  const perClass: Summary[] = [];
  for (let c = 0; c < classes; c++) perClass.push(summarize(table.map((row) => row[c])));
  return { perSeedMean, acrossSeeds: summarize(perSeedMean), perClass };
}

/**
 * The paper's "% increase" of NLN over the reconstruction baseline (Tables 1-2), in the paper's own
 * definition: 100 * (1 - baseline / nln). Note the NLN score is the denominator, so this is not the usual
 * relative increase 100 * (nln - baseline) / baseline. Throws {@link MetricError} if `nln` is 0 or either
 * value is not finite.
 */
export function percentIncrease(baseline: number, nln: number): number {
  if (!Number.isFinite(baseline) || !Number.isFinite(nln)) {
    throw new MetricError(`percentIncrease: values must be finite, got baseline ${baseline}, nln ${nln}`);
  }
  if (nln === 0) throw new MetricError('percentIncrease: nln score is 0 (the denominator)');
  return 100 * (1 - baseline / nln);
}
