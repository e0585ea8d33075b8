import { join } from 'node:path';
import { miso, simo } from '@nln/datasets';
import type { TrainOptions } from '../cli/options';
import { writeJsonAtomic } from '../output/atomic-write';
import type { ClassRun } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { classJobTarget, finishRun, runOrReuse } from './class-jobs';
import { loadDataset } from './load-data';
import { runClass } from './run-class';
import { unrunnableReason } from './runnable-classes';

/**
 * Runs `miso` or `simo`: loads the data once, then each (class, model, L) into its own class folder under
 * `--out` (reusing finished ones with `--resume`), and writes the merged results set at the end.
 */
export async function runProtocol(options: TrainOptions, backend: string, progress: ProgressReporter): Promise<ClassRun[]> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  progress.info(`loading ${options.dataset}`);
  const data = await loadDataset(options, (m) => progress.info(m));
  const names = data.train.classNames;
  const protocol = options.protocol === 'simo' ? 'simo' : 'miso';
  const requested = options.classes === 'all' ? names.map((_, i) => i) : options.classes.map((c) => {
    const i = /^\d+$/.test(c) ? Number(c) : names.indexOf(c);
    if (i < 0 || i >= names.length) throw new Error(`--classes: ${options.dataset} has no class ${c} (classes: ${names.map((n, j) => `${j}:${n}`).join(', ')})`);
    return i;
  });
  const classIndices: number[] = [];
  for (const c of requested) {
    const reason = unrunnableReason(data, protocol, c, options.testLimit);
    if (reason === undefined) classIndices.push(c);
    else if (options.classes !== 'all') throw new Error(`--classes: ${options.protocol} cannot run class ${names[c]} of ${options.dataset}: ${reason}`);
    else progress.info(`skipping class ${names[c]}: ${reason}`);
  }
  if (classIndices.length === 0) throw new Error(`${options.protocol} on ${options.dataset}: no class can be run (classes: ${names.join(', ')})`);
  const numbered = options.dataset !== 'folder';
  const jobs = classIndices.flatMap((c) => options.models.flatMap((model) => options.latentDims.map((latentDim) => ({ c, model, latentDim }))));
  await writeJsonAtomic(join(options.out, 'run.json'), { startedAt, options, backend, jobs: jobs.map((j) => ({ class: j.c, model: j.model, latentDim: j.latentDim })) });
  const runs: ClassRun[] = [];
  for (const [i, { c, model, latentDim }] of jobs.entries()) {
    const className = numbered ? String(c) : names[c];
    const target = classJobTarget(options, className, model, latentDim);
    const label = `${options.protocol} ${options.dataset} ${model} L=${latentDim} class ${className}${numbered && names[c] !== className ? ` (${names[c]})` : ''}`;
    progress.startJob(i + 1, jobs.length, label);
    runs.push(
      await runOrReuse(target, options.resume, progress, () => {
        const splitOptions = { seed: options.seed, ...(options.limit ? { limit: options.limit } : {}), ...(options.testLimit ? { testLimit: options.testLimit } : {}) };
        const split = protocol === 'simo' ? simo(data, c, splitOptions) : miso(data, c, splitOptions);
        return runClass({ className, model, split, folder: target.folder }, target.options, backend, progress);
      }),
    );
  }
  await finishRun(runs, { protocol: options.protocol, dataset: options.dataset, backend, started }, options, progress);
  return runs;
}
