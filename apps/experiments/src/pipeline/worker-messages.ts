import type { ClassRecord } from '../output/class-record';
import type { JobOptions } from './class-jobs';
import type { ClassJob } from './run-class';

/** What the main thread sends a job worker: one (class, model, L) job to run. */
export interface JobRequest {
  /** 0-based position of the job in the run. */
  readonly index: number;
  /** Number of jobs in the run. */
  readonly count: number;
  /** The job's progress label. */
  readonly label: string;
  /** The job: class, model, its split (raw pixels) and folder. */
  readonly job: ClassJob;
  /** The job's options. */
  readonly options: JobOptions;
}

/** What a job worker sends back: progress lines, the finished job's record, or the error that ended it. */
export type WorkerReply =
  | { readonly type: 'line'; readonly line: string }
  | { readonly type: 'done'; readonly index: number; readonly record: ClassRecord; readonly seconds: number }
  | { readonly type: 'failed'; readonly index: number; readonly message: string; readonly stack: string | undefined };

/** What a job worker is started with. */
export interface WorkerSetup {
  /** Backend the main thread chose; every worker starts the same one. */
  readonly backend: string;
}
