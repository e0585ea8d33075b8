import { join } from 'node:path';
import type { ModelKind } from '@nln/models';
import type { RunOptions } from '../cli/commands/train';
import { summaryTable } from '../output/report-md';
import { ALPHA_CONVENTION, type ResultsMeta } from '../output/results-schema';
import { writeResults, type ClassRun } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { classFolderName, legacyClassFolderName } from './class-folders';
import { isComplete, readClassRecord, type ClassRecord } from '../output/class-record';
import { SELECTION_RULE } from '@nln/nln-core';
import { versions } from './versions';

/** Summary line of a finished class run. */
export function classSummary(r: ClassRecord): string {
  const sel = r.rows.find((row) => row.selected);
  const base = sel?.aurocReconstruction ?? NaN;
  return `baseline ${base.toFixed(3)}, NLN ${sel?.aurocNln.toFixed(3)} (K=${r.chosen.k}, alpha=${r.chosen.alpha})`;
}

/** The options of one (class, model, L) job: the run's options with a single latent size. */
export type JobOptions = Omit<RunOptions, 'latentDims'> & {
  /** Latent size L of this job. */
  readonly latentDim: number;
};

/** One (class, model, L) job of a run: its options and where it writes. */
export interface ClassJobTarget {
  /** The job's options. */
  readonly options: JobOptions;
  /** Class folder the job writes. */
  readonly folder: string;
  /** A folder of the layout before the L list that `--resume` may reuse instead, if its L matches. */
  readonly legacyFolder: string | undefined;
}

/** The job of (class, model, L) in a run: its options and class folder under `--out`. */
export function classJobTarget(options: RunOptions, className: string, model: ModelKind, latentDim: number): ClassJobTarget {
  const { latentDims: _all, ...rest } = options;
  const key = { protocol: options.protocol, dataset: options.dataset, model, latentDim, featureConsistency: options.featureConsistency, className };
  const legacy = legacyClassFolderName(key);
  return { options: { ...rest, latentDim }, folder: join(options.out, classFolderName(key)), legacyFolder: legacy === undefined ? undefined : join(options.out, legacy) };
}

/** The finished class folder `--resume` may reuse for a job, if there is one. */
export async function findReusable(target: ClassJobTarget): Promise<ClassRun | undefined> {
  if (await isComplete(target.folder)) return { folder: target.folder, record: await readClassRecord(target.folder) };
  if (target.legacyFolder === undefined || !(await isComplete(target.legacyFolder))) return undefined;
  const record = await readClassRecord(target.legacyFolder);
  return record.latentDim === target.options.latentDim ? { folder: target.legacyFolder, record } : undefined;
}

/** Ends a job's progress line with the reused folder and its class summary. */
export function reportReuse(found: ClassRun, progress: ProgressReporter): void {
  progress.endJob(`reused finished class folder ${found.folder}: ${classSummary(found.record)}`, 0);
}

/**
 * Runs one (class, model, L) job into its folder through `run`, or, with `resume`, reuses the folder when
 * it is complete (or a complete folder of the layout before the L list with the same L); ends the job's
 * progress line with the class summary either way.
 */
export async function runOrReuse(target: ClassJobTarget, resume: boolean, progress: ProgressReporter, run: () => Promise<ClassRecord>): Promise<ClassRun> {
  const found = resume ? await findReusable(target) : undefined;
  if (found) {
    reportReuse(found, progress);
    return found;
  }
  const { record } = await runTimed(progress, run);
  return { folder: target.folder, record };
}

/** Runs a class job and ends its progress line with the class summary and the job's wall seconds. */
export async function runTimed(progress: ProgressReporter, run: () => Promise<ClassRecord>): Promise<{ record: ClassRecord; seconds: number }> {
  const started = Date.now();
  const record = await run();
  const seconds = (Date.now() - started) / 1000;
  progress.endJob(classSummary(record), seconds);
  return { record, seconds };
}

/** Writes a run's results set (results.json, results.csv, report.md, plots) and prints its summary table. */
export async function finishRun(
  runs: readonly ClassRun[],
  run: { readonly protocol: ResultsMeta['protocol']; readonly dataset: string; readonly backend: string; readonly started: number },
  options: RunOptions,
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
  };
  progress.info('writing results.json, results.csv, report.md and plots');
  const { groups } = await writeResults(options.out, meta, runs, options.plots);
  for (const line of summaryTable(groups)) progress.info(line);
}
