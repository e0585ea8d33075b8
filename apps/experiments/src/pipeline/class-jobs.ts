import type { TrainOptions } from '../cli/options';
import { summaryTable } from '../output/report-md';
import { ALPHA_CONVENTION, type ResultsMeta } from '../output/results-schema';
import { writeResults, type ClassRun } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { isComplete, readClassRecord, type ClassRecord } from './class-record';
import { SELECTION_RULE } from './selection';
import { versions } from './versions';

/** Summary line of a finished class run. */
export function classSummary(r: ClassRecord): string {
  const sel = r.rows.find((row) => row.selected);
  const base = sel?.aurocReconstruction ?? NaN;
  return `baseline ${base.toFixed(3)}, NLN ${sel?.aurocNln.toFixed(3)} (K=${r.chosen.k}, alpha=${r.chosen.alpha})`;
}

/**
 * Runs one (class, model) job into `folder` through `run`, or, with `resume`, reuses the folder when it is
 * complete; ends the job's progress line with the class summary either way.
 */
export async function runOrReuse(folder: string, resume: boolean, progress: ProgressReporter, run: () => Promise<ClassRecord>): Promise<ClassRun> {
  if (resume && (await isComplete(folder))) {
    const record = await readClassRecord(folder);
    progress.endJob(`reused finished class folder ${folder}: ${classSummary(record)}`, 0);
    return { folder, record };
  }
  const t = Date.now();
  const record = await run();
  progress.endJob(classSummary(record), (Date.now() - t) / 1000);
  return { folder, record };
}

/** Writes a run's results set (results.json, results.csv, report.md, plots) and prints its summary table. */
export async function finishRun(
  runs: readonly ClassRun[],
  run: { readonly protocol: ResultsMeta['protocol']; readonly dataset: string; readonly backend: string; readonly started: number },
  options: TrainOptions,
  progress: ProgressReporter,
): Promise<void> {
  const meta: ResultsMeta = {
    protocol: run.protocol,
    dataset: run.dataset,
    backend: run.backend,
    seed: options.seed,
    options: { ...options },
    versions: versions(),
    startedAt: new Date(run.started).toISOString(),
    seconds: (Date.now() - run.started) / 1000,
    alphaConvention: ALPHA_CONVENTION,
    selectionRule: SELECTION_RULE,
    featureConsistency: [options.featureConsistency],
  };
  progress.info('writing results.json, results.csv, report.md and plots');
  const { groups } = await writeResults(options.out, meta, runs, options.plots);
  for (const line of summaryTable(groups)) progress.info(line);
}
