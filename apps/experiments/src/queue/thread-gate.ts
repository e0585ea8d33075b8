/**
 * Runs a worker's jobs, each with the native kernel threads it needs (`kernelThreads`): the count belongs to
 * the thread that runs the jobs, so a job that needs another count than the running ones (a worker with
 * `--concurrency` above 1, mixing mvtec and miso/simo jobs) waits until they are done.
 */

/** Runs `job` once the thread count is `threads`; see {@link threadGate}. */
export type ThreadGate = <T>(threads: number, job: () => Promise<T>) => Promise<T>;

/** A gate that calls `setThreads` whenever the count must change, which is only between jobs. */
export function threadGate(setThreads: (threads: number) => void): ThreadGate {
  let current: number | undefined;
  let running = 0;
  let waiting: (() => void)[] = [];
  return async (threads, job) => {
    while (running > 0 && current !== threads) await new Promise<void>((wake) => waiting.push(wake));
    if (current !== threads) {
      setThreads(threads);
      current = threads;
    }
    running += 1;
    try {
      return await job();
    } finally {
      running -= 1;
      if (running === 0) {
        const woken = waiting;
        waiting = [];
        for (const wake of woken) wake();
      }
    }
  };
}
