import { join } from 'node:path';
import { miso, simo } from '@nln/datasets';
import type { TrainOptions } from '../cli/options';
import { ALPHA_CONVENTION, type ResultsMeta } from '../output/results-schema';
import { writeJsonAtomic } from '../output/atomic-write';
import { writeResults, type ClassRun } from '../output/write-results';
import { summaryTable } from '../output/report-md';
import type { ProgressReporter } from '../progress';
import { classFolderName, isComplete, readClassRecord } from './class-record';
import { loadDataset } from './load-data';
import { runClass } from './run-class';
import { SELECTION_RULE } from './selection';
import { versions } from './versions';

/** Summary line of a finished class run. */
export function classSummary(r: ClassRun['record']): string {
  const sel = r.rows.find((row) => row.selected);
  const base = sel?.aurocReconstruction ?? NaN;
  return `baseline ${base.toFixed(3)}, NLN ${sel?.aurocNln.toFixed(3)} (K=${r.chosen.k}, alpha=${r.chosen.alpha})`;
}

/**
 * Runs `miso` or `simo`: loads the data once, then each (class, model) into its own class folder under
 * `--out` (reusing finished ones with `--resume`), and writes the merged results set at the end.
 */
export async function runProtocol(options: TrainOptions, backend: string, progress: ProgressReporter): Promise<ClassRun[]> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  progress.info(`loading ${options.dataset}`);
  const data = await loadDataset(options, (m) => progress.info(m));
  const names = data.train.classNames;
  const classIndices = options.classes === 'all' ? names.map((_, i) => i) : options.classes.map((c) => {
    const i = /^\d+$/.test(c) ? Number(c) : names.indexOf(c);
    if (i < 0 || i >= names.length) throw new Error(`--classes: ${options.dataset} has no class ${c} (classes: ${names.map((n, j) => `${j}:${n}`).join(', ')})`);
    return i;
  });
  const numbered = options.dataset !== 'folder';
  const jobs = classIndices.flatMap((c) => options.models.map((model) => ({ c, model })));
  await writeJsonAtomic(join(options.out, 'run.json'), { startedAt, options, backend, jobs: jobs.map((j) => ({ class: j.c, model: j.model })) });
  const runs: ClassRun[] = [];
  for (const [i, { c, model }] of jobs.entries()) {
    const className = numbered ? String(c) : names[c];
    const folder = join(options.out, classFolderName(options.protocol, options.dataset, model, className));
    const label = `${options.protocol} ${options.dataset} ${model} class ${className}${numbered && names[c] !== className ? ` (${names[c]})` : ''}`;
    progress.startJob(i + 1, jobs.length, label);
    if (options.resume && (await isComplete(folder))) {
      const record = await readClassRecord(folder);
      progress.endJob(`reused finished class folder ${folder}: ${classSummary(record)}`, 0);
      runs.push({ folder, record });
      continue;
    }
    const t = Date.now();
    const splitOptions = { seed: options.seed, ...(options.limit ? { limit: options.limit } : {}), ...(options.testLimit ? { testLimit: options.testLimit } : {}) };
    const split = options.protocol === 'simo' ? simo(data, c, splitOptions) : miso(data, c, splitOptions);
    const record = await runClass({ className, model, split, folder }, options, backend, progress);
    progress.endJob(classSummary(record), (Date.now() - t) / 1000);
    runs.push({ folder, record });
  }
  const meta: ResultsMeta = {
    protocol: options.protocol,
    dataset: options.dataset,
    backend,
    seed: options.seed,
    options: { ...options },
    versions: versions(),
    startedAt,
    seconds: (Date.now() - started) / 1000,
    alphaConvention: ALPHA_CONVENTION,
    selectionRule: SELECTION_RULE,
  };
  progress.info('writing results.json, results.csv, report.md and plots');
  const { groups } = await writeResults(options.out, meta, runs, options.plots);
  for (const line of summaryTable(groups)) progress.info(line);
  return runs;
}
