import type { ProgressReporter } from '../progress';
import { runTimed } from './class-jobs';
import type { ClassRecord } from '../output/class-record';
import { runClass } from './run-class';
import type { JobRequest } from './worker-messages';

/**
 * Runs one job of a protocol run on this thread: its job line, the class run ({@link runClass}) and its
 * summary line, all on `progress`. The main thread calls it for each job when it runs them itself, and a
 * job worker for each job it is sent.
 */
export async function runJobRequest(request: JobRequest, backend: string, progress: ProgressReporter): Promise<{ record: ClassRecord; seconds: number }> {
  progress.startJob(request.index + 1, request.count, request.label);
  return runTimed(progress, () => runClass(request.job, request.options, backend, progress));
}
