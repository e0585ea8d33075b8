/**
 * Puts a `miso`, `simo` or `mvtec` grid on the job queue, one BullMQ job per (class, model, L), and
 * optionally follows it to the end and writes the merged report.
 */
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import type { EnqueueOptions } from '../cli/commands/enqueue';
import type { RawOptions } from '../cli/parse-args';
import type { RunOptions } from '../cli/commands/train';
import { acquireRunLock } from '../output/run-lock';
import { runReport } from '../pipeline/merge';
import { loadDataset } from '../pipeline/load-data';
import { planMvtecJobs } from '../pipeline/mvtec-jobs';
import { noveltyProtocol, planJobs } from '../pipeline/protocol-jobs';
import { checkRedis, displayUrl, QUEUE_NAME, queueConnection } from './connection';
import { gridJobId, WORKER_SET_OPTIONS, type GridJobData, type GridJobResult } from './job-keys';
import type { GridJobProgress } from './job-progress';

/** Retries of a failed job: three attempts in all, 5 s then 10 s apart. */
export const JOB_ATTEMPTS = { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } } as const;

/**
 * The grid jobs of a run, in run order, planned as the local run plans them: `miso`/`simo` from the loaded
 * data set, `mvtec` from the classes under `--data-dir`.
 */
export async function gridJobs(run: RunOptions, given: RawOptions, log: (line: string) => void): Promise<GridJobData[]> {
  const options = Object.fromEntries(Object.entries(given).filter(([name]) => !(WORKER_SET_OPTIONS as readonly string[]).includes(name)));
  const common = { options, dataset: run.dataset, seed: run.seed };
  if (run.protocol === 'mvtec') {
    const jobs = await planMvtecJobs(run);
    return jobs.map((j) => ({ ...common, protocol: 'mvtec' as const, className: j.className, model: j.model, latentDim: j.latentDim, index: j.index, count: jobs.length }));
  }
  const protocol = noveltyProtocol(run);
  const jobs = planJobs(await loadDataset(run, log), run, log);
  return jobs.map((j) => ({
    ...common,
    protocol,
    classIndex: j.c,
    className: j.className,
    model: j.model,
    latentDim: j.latentDim,
    index: j.index,
    count: jobs.length,
  }));
}

/** Opens the queue at `url` after checking that its Redis answers. */
export async function openQueue(url: string): Promise<Queue<GridJobData, GridJobResult>> {
  await checkRedis(url);
  return new Queue<GridJobData, GridJobResult>(QUEUE_NAME, { connection: queueConnection(url) });
}

/** Adds the jobs (ids from {@link gridJobId}); returns every id and how many were already on the queue. */
export async function addGridJobs(queue: Queue<GridJobData, GridJobResult>, jobs: readonly GridJobData[]): Promise<{ ids: string[]; existing: number }> {
  const ids = jobs.map(gridJobId);
  let existing = 0;
  for (const id of ids) if ((await queue.getJob(id)) !== undefined) existing += 1;
  await queue.addBulk(jobs.map((data, i) => ({ name: 'class-job', data, opts: { jobId: ids[i], ...JOB_ATTEMPTS, removeOnComplete: false, removeOnFail: false } })));
  return { ids, existing };
}

function describeRunning(job: Job<GridJobData, GridJobResult>): string {
  const p = job.progress as Partial<GridJobProgress> | number | undefined;
  const what = typeof p === 'object' && p.stage !== undefined ? ` ${p.stage}, ${p.percent ?? 0}%` : '';
  return `${job.id}${what}`;
}

/**
 * Polls the jobs every `intervalMs` until all are completed, printing a line whenever the picture changes;
 * a job that failed for good (attempts used up, or invalid options) is an error naming it and its reason.
 */
export async function waitForJobs(queue: Queue<GridJobData, GridJobResult>, ids: readonly string[], log: (line: string) => void, intervalMs = 1_000): Promise<GridJobResult[]> {
  let last = '';
  for (;;) {
    const jobs = await Promise.all(ids.map(async (id) => ({ id, job: await queue.getJob(id) })));
    const missing = jobs.filter((j) => j.job === undefined).map((j) => j.id);
    if (missing.length > 0) throw new Error(`job(s) ${missing.join(', ')} are no longer on the queue ${QUEUE_NAME} (removed?)`);
    const states = await Promise.all(jobs.map(async ({ job }) => ({ job: job as Job<GridJobData, GridJobResult>, state: await (job as Job).getState() })));
    const failed = states.filter((s) => s.state === 'failed');
    if (failed.length > 0) throw new Error(`queued job(s) failed: ${failed.map((s) => `${s.job.id} (after ${s.job.attemptsMade} attempt(s)): ${s.job.failedReason}`).join('; ')}`);
    const done = states.filter((s) => s.state === 'completed');
    if (done.length === ids.length) return done.map((s) => s.job.returnvalue);
    const running = states.filter((s) => s.state === 'active').map((s) => describeRunning(s.job));
    const line = `queue: ${done.length}/${ids.length} jobs done, ${running.length} running${running.length > 0 ? `: ${running.join('; ')}` : ''}`;
    if (line !== last) log(line);
    last = line;
    await new Promise((wake) => setTimeout(wake, intervalMs));
  }
}

/** Where the jobs went, for the enqueue command's summary line. */
export function enqueuedLine(url: string, count: number, existing: number): string {
  return `enqueued ${count - existing} job(s) on ${displayUrl(url)} (queue ${QUEUE_NAME}; ${existing} already there), ${count} in the grid`;
}

/** The class folders of finished jobs as this machine reads them: under `shared` (the workers' `--out` mounted here) when given, else as the workers named them. */
export function classFoldersHere(results: readonly GridJobResult[], shared?: string): string[] {
  return results.map((r) => (shared === undefined ? r.folder : join(shared, ...r.relativeFolder.split('/'))));
}

/**
 * The `enqueue` command: adds the grid's jobs and prints their count; with `wait`, follows them and, once
 * all are done, merges the class folders the workers wrote (as `report` does) into `run.out`.
 */
export async function runEnqueue(options: EnqueueOptions, log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const queue = await openQueue(options.queue);
  try {
    const jobs = await gridJobs(options.run, options.given, log);
    const { ids, existing } = await addGridJobs(queue, jobs);
    log(enqueuedLine(options.queue, ids.length, existing));
    if (!options.wait) return;
    const results = await waitForJobs(queue, ids, log);
    log(`queue: all ${ids.length} jobs done; merging their class folders into ${options.run.out}`);
    const release = await acquireRunLock(options.run.out, `enqueue --wait ${options.run.protocol}`);
    try {
      await runReport({ runs: classFoldersHere(results, options.shared), out: options.run.out, plots: options.run.plots }, log);
    } finally {
      await release();
    }
  } finally {
    await queue.close();
  }
}
