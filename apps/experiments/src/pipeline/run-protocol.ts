import { join } from 'node:path';
import { miso, simo, type NoveltyProtocol, type TrainTestSets } from '@nln/datasets';
import { writeJsonAtomic, type ModelKind } from '@nln/models';
import type { RunOptions } from '../cli/commands/train';
import type { ClassRun } from '../output/write-results';
import { formatEta, type ProgressReporter } from '../progress';
import { classJobTarget, finishRun, findReusable, reportReuse, type ClassJobTarget } from './class-jobs';
import { runOnWorkers, workerCount } from './job-workers';
import { loadDataset } from './load-data';
import { runJobRequest } from './run-job';
import { unrunnableReason } from './runnable-classes';
import type { JobRequest } from './worker-messages';

/** A job of the run that has to be trained (not reused). */
interface PendingJob {
  readonly index: number;
  readonly c: number;
  readonly className: string;
  readonly model: ModelKind;
  readonly label: string;
  readonly target: ClassJobTarget;
}

function resolveClasses(data: TrainTestSets, options: RunOptions, protocol: NoveltyProtocol, progress: ProgressReporter): number[] {
  const names = data.train.classNames;
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
  return classIndices;
}

/**
 * Runs `miso` or `simo`: loads the data once, then each (class, model, L) into its own class folder under
 * `--out` (reusing finished ones with `--resume`), and writes the merged results set at the end. Jobs run
 * on the main thread, or on `--workers` worker threads at once (by default one per core on aten, wasm and
 * cpu: see `workerCount`); each job is seeded alone and gets one native thread, so its results do not
 * depend on where it ran.
 */
export async function runProtocol(options: RunOptions, backend: string, progress: ProgressReporter): Promise<ClassRun[]> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  progress.info(`loading ${options.dataset}`);
  const data = await loadDataset(options, (m) => progress.info(m));
  const names = data.train.classNames;
  const protocol = options.protocol === 'simo' ? 'simo' : 'miso';
  const classIndices = resolveClasses(data, options, protocol, progress);
  const numbered = options.dataset !== 'folder';
  const jobs = classIndices.flatMap((c) => options.models.flatMap((model) => options.latentDims.map((latentDim) => ({ c, model, latentDim }))));
  await writeJsonAtomic(join(options.out, 'run.json'), { startedAt, options, backend, jobs: jobs.map((j) => ({ class: j.c, model: j.model, latentDim: j.latentDim })) });

  const runs: (ClassRun | undefined)[] = jobs.map(() => undefined);
  const pending: PendingJob[] = [];
  for (const [index, { c, model, latentDim }] of jobs.entries()) {
    const className = numbered ? String(c) : names[c];
    const target = classJobTarget(options, className, model, latentDim);
    const label = `${options.protocol} ${options.dataset} ${model} L=${latentDim} class ${className}${numbered && names[c] !== className ? ` (${names[c]})` : ''}`;
    const found = options.resume ? await findReusable(target) : undefined;
    if (found) {
      progress.startJob(index + 1, jobs.length, label);
      reportReuse(found, progress);
      runs[index] = found;
    } else {
      pending.push({ index, c, className, model, label, target });
    }
  }

  const splitOptions = { seed: options.seed, ...(options.limit ? { limit: options.limit } : {}), ...(options.testLimit ? { testLimit: options.testLimit } : {}) };
  const request = (p: PendingJob): JobRequest => ({
    index: p.index,
    count: jobs.length,
    label: p.label,
    job: { className: p.className, model: p.model, split: protocol === 'simo' ? simo(data, p.c, splitOptions) : miso(data, p.c, splitOptions), folder: p.target.folder },
    options: p.target.options,
  });
  const threads = workerCount(options.workers, backend, pending.length);
  if (threads <= 1) {
    for (const p of pending) runs[p.index] = { folder: p.target.folder, record: (await runJobRequest(request(p), backend, progress)).record };
  } else {
    progress.info(`running ${pending.length} jobs on ${threads} worker threads (${backend} kernels use one thread each)`);
    const queue = [...pending];
    let finished = 0;
    let jobSeconds = 0;
    await runOnWorkers(
      threads,
      () => {
        const p = queue.shift();
        return p === undefined ? undefined : request(p);
      },
      { backend },
      (line) => progress.info(line),
      ({ index, folder, record, seconds }) => {
        runs[index] = { folder, record };
        finished += 1;
        jobSeconds += seconds;
        const left = pending.length - finished;
        progress.info(`run: ${finished}/${pending.length} jobs finished, ETA ${formatEta(((jobSeconds / finished) * left) / Math.min(threads, left || 1))}`);
      },
    );
  }
  const done = runs.filter((r): r is ClassRun => r !== undefined);
  await finishRun(done, { protocol: options.protocol, dataset: options.dataset, backend, started }, options, progress);
  return done;
}
