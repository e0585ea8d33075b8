/** A progress reporter for a queued job: plain lines on the worker's terminal, and the job's progress in the queue. */
import { createProgress, type ProgressReporter } from '../progress';

/** A grid job's progress as stored on the BullMQ job (what `enqueue --wait` shows). */
export interface GridJobProgress {
  /** What the job is doing: `training`, `epoch 2/5`, the stage name. */
  readonly stage: string;
  /** Percent of the training done, 0-100 (0 before it starts, 100 once it ends). */
  readonly percent: number;
}

/** The least time between two progress updates sent to the queue. */
const UPDATE_INTERVAL_MS = 2_000;

/**
 * Wraps a plain-line reporter (each line prefixed with `tag`) so that training ticks and stages also go to
 * `update`, at most every two seconds (stages always).
 */
export function jobProgress(tag: string, update: (progress: GridJobProgress) => void, log: (line: string) => void = (l) => console.log(l)): ProgressReporter {
  const lines = createProgress({ isTTY: false } as NodeJS.WriteStream, (line) => log(`[${tag}] ${line}`), { runEta: false });
  let lastUpdate = 0;
  let percent = 0;
  let training = false;
  return {
    ...lines,
    train(tick) {
      lines.train(tick);
      training = true;
      percent = Math.floor((100 * ((tick.epoch - 1) * tick.total + tick.seen)) / Math.max(1, tick.epochs * tick.total));
      if (Date.now() - lastUpdate < UPDATE_INTERVAL_MS) return;
      lastUpdate = Date.now();
      update({ stage: `epoch ${tick.epoch}/${tick.epochs}`, percent });
    },
    stage(name) {
      lines.stage(name);
      // A stage after training means training is over; one before it (mvtec's loading) leaves 0.
      if (name.startsWith('training')) training = true;
      else if (training) percent = 100;
      update({ stage: name, percent });
    },
  };
}
