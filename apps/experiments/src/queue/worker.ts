/**
 * The grid worker: takes queued (class, model, L) jobs and runs each as the local run does (same split or
 * MVTec-AD class, class folder under `--out`, native kernel threads, complete.json last), with retries left
 * to BullMQ and a job whose worker died picked up again through BullMQ's stalled-job check.
 */
import { join, relative, resolve, sep } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TrainTestSets } from '@nln/datasets';
import { setNativeThreads } from '@nln/models';
import { parseTrainOptions, type RunOptions } from '../cli/commands/train';
import type { ClassRecord } from '../output/class-record';
import type { ProgressReporter } from '../progress';
import { classSummary, findReusable, runTimed, type ClassJobTarget } from '../pipeline/class-jobs';
import { kernelThreads } from '../pipeline/kernel-threads';
import { loadDataset } from '../pipeline/load-data';
import { hasMvtecClass, mvtecJob } from '../pipeline/mvtec-jobs';
import { jobRequest, protocolJob } from '../pipeline/protocol-jobs';
import { runJobRequest } from '../pipeline/run-job';
import { runMvtecJob } from '../pipeline/run-mvtec';
import { PROTOCOLS } from '../vocabulary';
import { checkRedis, displayUrl, QUEUE_NAME, queueConnection } from './connection';
import { jobProgress } from './job-progress';
import { gridJobId, type GridJobData, type GridJobResult, type MvtecJobData, type ProtocolJobData } from './job-keys';
import { threadGate } from './thread-gate';

/** How a worker process runs. */
export interface GridWorkerOptions {
  /** Redis URL of the queue. */
  readonly queue: string;
  /** The shared results folder the class folders go to. */
  readonly out: string;
  /** Jobs run at once in this process. */
  readonly concurrency: number;
  /** Milliseconds a job's lock lasts without renewal: after it, a job whose worker died is stalled. */
  readonly lockDuration: number;
  /** Milliseconds between the checks for stalled jobs. */
  readonly stalledInterval: number;
}

/** A job as the worker builds it: its class folder, and how to run it (job line, class run, summary line). */
interface BuiltJob {
  readonly target: ClassJobTarget;
  run(progress: ProgressReporter): Promise<{ record: ClassRecord; seconds: number }>;
}

/** Parses a job's options with the worker's `--out`; anything invalid fails the job at once, without retries. */
function buildOptions(data: GridJobData, out: string): RunOptions {
  try {
    if (!(PROTOCOLS as readonly string[]).includes(data.protocol)) throw new Error(`protocol '${String(data.protocol)}' cannot be queued (${PROTOCOLS.join(', ')})`);
    // mvtec takes no --workers: its jobs run one at a time.
    return parseTrainOptions(data.protocol, { ...data.options, out, resume: 'false', ...(data.protocol === 'mvtec' ? {} : { workers: '1' }) });
  } catch (error) {
    throw new UnrecoverableError(`invalid job options: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Builds a miso/simo (class, model, L) job from the options alone; a class the data does not have fails without retries. */
function buildJob(data: ProtocolJobData, options: RunOptions, sets: TrainTestSets, backend: string): BuiltJob {
  try {
    const job = protocolJob(sets, options, data.index, data.classIndex, data.model, data.latentDim);
    if (job.className !== data.className) throw new Error(`class index ${data.classIndex} of ${options.dataset} is '${job.className}', the job names '${data.className}'`);
    return { target: job.target, run: (progress) => runJobRequest(jobRequest(sets, options, job, data.count), backend, progress) };
  } catch (error) {
    throw new UnrecoverableError(`invalid job: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Builds an mvtec (class, model, L) job from the options alone, as the local run plans it; a class folder
 * missing under `--data-dir` on this worker is an error naming it (retried: another worker may have it).
 */
function buildMvtecJob(data: MvtecJobData, options: RunOptions, backend: string): BuiltJob {
  const job = mvtecJob(options, data.index, data.className, data.model, data.latentDim);
  const run = async (progress: ProgressReporter) => {
    const root = options.dataDir as string;
    if (!(await hasMvtecClass(root, job.className))) {
      throw new Error(`${join(root, job.className, 'train', 'good')}: no such folder on this worker (the MVTec-AD root, --data-dir, must be at the same path on every worker)`);
    }
    progress.startJob(job.index + 1, data.count, job.label);
    return runTimed(progress, () => runMvtecJob(job, backend, progress));
  };
  return { target: job.target, run };
}

/**
 * The job processor: the job's options (validated), the data set (miso/simo: loaded once per process and
 * data set), then the class run with the native kernel threads of its protocol, unless the class folder is
 * already complete (a job retried after its worker wrote complete.json but died before BullMQ heard of it).
 */
export function gridProcessor(options: Pick<GridWorkerOptions, 'out'>, backend: string, log: (line: string) => void) {
  const out = resolve(options.out);
  const underOut = (folder: string) => relative(out, resolve(folder)).split(sep).join('/');
  const gate = threadGate((threads) => {
    const before = setNativeThreads(threads);
    if (before !== undefined && before !== threads) log(`native kernels: ${threads} thread(s) from now on (were ${before})`);
  });
  const datasets = new Map<string, Promise<TrainTestSets>>();
  const load = (run: RunOptions): Promise<TrainTestSets> => {
    const key = `${run.dataset}\n${run.dataDir ?? ''}`;
    let sets = datasets.get(key);
    if (sets === undefined) {
      sets = loadDataset(run, log);
      sets.catch(() => datasets.delete(key));
      datasets.set(key, sets);
    }
    return sets;
  };
  return async (job: Job<GridJobData, GridJobResult>): Promise<GridJobResult> => {
    const data = job.data;
    const run = buildOptions(data, out);
    const built = data.protocol === 'mvtec' ? buildMvtecJob(data, run, backend) : buildJob(data, run, await load(run), backend);
    const found = await findReusable(built.target);
    if (found) {
      log(`[${job.id}] reused complete class folder ${found.folder}`);
      return { folder: found.folder, relativeFolder: underOut(found.folder), seconds: 0, reused: true, summary: classSummary(found.record) };
    }
    const progress = jobProgress(job.id ?? gridJobId(data), (p) => void job.updateProgress({ ...p }).catch((error: Error) => log(`[${job.id}] progress not reported to the queue: ${error.message}`)), log);
    const { record, seconds } = await gate(kernelThreads(run.protocol), () => built.run(progress));
    return { folder: built.target.folder, relativeFolder: underOut(built.target.folder), seconds, reused: false, summary: classSummary(record) };
  };
}

/**
 * Starts a worker on the queue at `options.queue` (checked first: an unreachable Redis is an error naming
 * it, before the backend starts) and resolves once it is closed. SIGTERM and SIGINT close it cleanly (the running jobs finish first);
 * a second signal closes it at once.
 */
export async function runGridWorker(options: GridWorkerOptions, startBackend: () => Promise<string>, log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  await checkRedis(options.queue);
  const backend = await startBackend();
  const worker = new Worker<GridJobData, GridJobResult>(QUEUE_NAME, gridProcessor(options, backend, log), {
    connection: queueConnection(options.queue),
    concurrency: options.concurrency,
    lockDuration: options.lockDuration,
    stalledInterval: options.stalledInterval,
    maxStalledCount: 1,
  });
  worker.on('completed', (job, result) => log(`[${job.id}] done in ${result.seconds.toFixed(1)} s: ${result.summary}`));
  worker.on('failed', (job, error) => log(`[${job?.id ?? '?'}] failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
  worker.on('error', (error) => log(`worker error: ${error.message}`));
  let signals = 0;
  const FORCED_EXIT_MS = 3000;
  const closed = new Promise<void>((done, failed) => {
    const stop = (signal: string) => {
      signals += 1;
      log(signals === 1 ? `${signal}: finishing the running job(s), then closing` : `${signal}: closing now`);
      worker.close(signals > 1).then(done, failed);
      // Closing waits for Redis; with Redis gone it would wait for ever, so a second signal also ends the process.
      if (signals > 1) {
        setTimeout(() => {
          log(`the queue did not close within ${FORCED_EXIT_MS / 1000} s (is Redis reachable?); exiting`);
          process.exit(130);
        }, FORCED_EXIT_MS).unref();
      }
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  await worker.waitUntilReady();
  log(`worker on ${displayUrl(options.queue)} (queue ${QUEUE_NAME}): ${options.concurrency} job(s) at once, class folders under ${resolve(options.out)}`);
  await closed;
  log('worker closed');
}
