import { join } from 'node:path';
import { writeJsonAtomic } from '@nln/models';
import type { RunOptions } from '../cli/commands/train';
import type { ClassRun } from '../output/write-results';
import { formatEta, type ProgressReporter } from '../progress';
import { finishRun, findReusable, reportReuse } from './class-jobs';
import { runOnWorkers, workerCount } from './job-workers';
import { loadDataset } from './load-data';
import { jobRequest, planJobs, type ProtocolJob } from './protocol-jobs';
import { runJobRequest } from './run-job';

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
  const jobs = planJobs(data, options, (line) => progress.info(line));
  await writeJsonAtomic(join(options.out, 'run.json'), { startedAt, options, backend, jobs: jobs.map((j) => ({ class: j.c, model: j.model, latentDim: j.latentDim })) });

  const runs: (ClassRun | undefined)[] = jobs.map(() => undefined);
  const pending: ProtocolJob[] = [];
  for (const job of jobs) {
    const found = options.resume ? await findReusable(job.target) : undefined;
    if (found) {
      progress.startJob(job.index + 1, jobs.length, job.label);
      reportReuse(found, progress);
      runs[job.index] = found;
    } else {
      pending.push(job);
    }
  }

  const request = (p: ProtocolJob) => jobRequest(data, options, p, jobs.length);
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
