import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClassRecord } from '../output/class-record';
import type { JobRequest, WorkerReply, WorkerSetup } from './worker-messages';

/**
 * Backends on which one job keeps about one core busy (wasm and cpu run their kernels on one thread; aten's
 * native convolutions are given one thread per job worker), so that jobs on separate threads use separate cores.
 */
const ONE_CORE_PER_JOB_BACKENDS: readonly string[] = ['aten', 'wasm', 'cpu'];

/**
 * How many job workers a run uses: `--workers` when given; otherwise one per core on the backends of
 * {@link ONE_CORE_PER_JOB_BACKENDS} and one on the others (libtensorflow already uses every core, a GPU is one device).
 * Never more than there are jobs; 1 means the main thread runs the jobs itself.
 */
export function workerCount(requested: number | 'auto', backend: string, jobs: number, cores = availableParallelism()): number {
  const wanted = requested !== 'auto' ? requested : ONE_CORE_PER_JOB_BACKENDS.includes(backend) ? cores : 1;
  return Math.max(1, Math.min(wanted, jobs));
}

/** A finished job as a worker reports it. */
export interface WorkerResult {
  /** The job's index in the run. */
  readonly index: number;
  /** The class folder it wrote. */
  readonly folder: string;
  /** Its class record. */
  readonly record: ClassRecord;
  /** Its wall time in seconds. */
  readonly seconds: number;
}

/** Where a worker thread starts: this folder's worker entry, through tsx when the app runs from source. */
function startWorker(setup: WorkerSetup): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `class-job-worker${ext}`);
  if (ext !== '.ts') return new Worker(entry, { workerData: setup });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: setup });
}

/** One worker thread that runs the jobs it is given, one at a time. */
class JobWorker {
  private readonly worker: Worker;
  private pending: { readonly request: JobRequest; resolve(result: WorkerResult): void; reject(error: Error): void } | undefined;
  private ended: Error | undefined;

  constructor(setup: WorkerSetup, onLine: (line: string) => void) {
    this.worker = startWorker(setup);
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'line') return onLine(reply.line);
      const job = this.pending;
      this.pending = undefined;
      if (job === undefined) return;
      if (reply.type === 'done') job.resolve({ index: reply.index, folder: job.request.job.folder, record: reply.record, seconds: reply.seconds });
      else job.reject(Object.assign(new Error(reply.message), { stack: reply.stack ?? reply.message }));
    });
    this.worker.on('error', (error) => this.end(error));
    this.worker.on('exit', (code) => this.end(new Error(`a job worker thread stopped (exit code ${code})`)));
  }

  private end(error: Error): void {
    this.ended ??= error;
    const job = this.pending;
    this.pending = undefined;
    job?.reject(new Error(`${job.request.label}: ${error.message}`));
  }

  /** Runs one job; rejects with the job's own error, or when the thread dies. */
  run(request: JobRequest): Promise<WorkerResult> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.pending = { request, resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.ended ??= new Error('job worker stopped');
    await this.worker.terminate();
  }
}

/**
 * Runs jobs on `count` worker threads, each taking the next job when it finishes one; `next` makes each
 * request only when a worker is free (a request holds a whole split). Progress lines go to `onLine`, each
 * finished job to `onDone`. The first failure stops the run: the other workers are stopped (their class
 * folders stay incomplete, so `--resume` reruns them) and the failure is thrown.
 */
export async function runOnWorkers(
  count: number,
  next: () => JobRequest | undefined,
  setup: WorkerSetup,
  onLine: (line: string) => void,
  onDone: (result: WorkerResult) => void,
): Promise<void> {
  const workers = Array.from({ length: count }, () => new JobWorker(setup, onLine));
  let failed = false;
  const drive = async (worker: JobWorker): Promise<void> => {
    for (let request = next(); request !== undefined && !failed; request = next()) {
      onDone(await worker.run(request));
    }
  };
  try {
    await Promise.all(
      workers.map((w) =>
        drive(w).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
