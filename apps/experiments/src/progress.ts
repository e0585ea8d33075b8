import { SingleBar, Presets } from 'cli-progress';

/** Training progress of one class run, as the reporter draws it. */
export interface TrainTick {
  /** Current epoch, 1-based. */
  readonly epoch: number;
  /** Total epochs. */
  readonly epochs: number;
  /** Images seen so far in this epoch. */
  readonly seen: number;
  /** Images per epoch. */
  readonly total: number;
  /** Latest batch loss (the model's first loss term). */
  readonly loss: number;
  /** Name of that loss term. */
  readonly lossName: string;
  /** Training throughput, images per second. */
  readonly imagesPerSecond: number;
}

/** Terminal progress of a protocol run: class i/n, epoch, loss, images/s and ETA. */
export interface ProgressReporter {
  /** A line of information (startup, stage changes, summaries). */
  info(message: string): void;
  /** A (class, model) job starts. */
  startJob(index: number, count: number, label: string): void;
  /** A training tick. */
  train(tick: TrainTick): void;
  /** A named stage of the current job (indexing, scoring, plots). */
  stage(name: string): void;
  /**
   * `done` of `total` items of the current stage (images scored, maps drawn) under `label`; the ETA counts
   * from the stage's start, or from the previous label's last item.
   */
  count(label: string, done: number, total: number): void;
  /** The current job ended; `seconds` is its wall time. */
  endJob(summary: string, seconds: number): void;
  /** Releases the terminal. */
  stop(): void;
}

/** A duration as `4m05s` or `35s`; `?` when unknown. */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Whether job lines show the run's ETA (default true); off where jobs run on several threads. */
  readonly runEta?: boolean;
  /** Off a TTY, the least time between two progress lines within an epoch or a stage (default 30 s). */
  readonly lineIntervalMs?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/** Default of {@link ProgressOptions.lineIntervalMs}. */
export const LINE_INTERVAL_MS = 30_000;

/**
 * A reporter that draws a cli-progress bar on a TTY and prints plain lines otherwise (CI, logs, pipes):
 * a line at the end of each epoch or stage, and one every {@link ProgressOptions.lineIntervalMs} within it,
 * so logs stay readable and a long epoch still shows it moves. The ETA of the whole run uses the mean time of finished jobs.
 */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  log: (line: string) => void = (l) => console.log(l),
  options: ProgressOptions = {},
): ProgressReporter {
  const showRunEta = options.runEta ?? true;
  const tty = Boolean(stream.isTTY);
  const now = options.now ?? Date.now;
  const interval = options.lineIntervalMs ?? LINE_INTERVAL_MS;
  let lastLineAt = now();
  const lineDue = (finished: boolean): boolean => {
    if (!finished && now() - lastLineAt < interval) return false;
    lastLineAt = now();
    return true;
  };
  let counting: { label: string; startedAt: number } | undefined;
  // When the work being counted began: the stage's start, or the previous item's end.
  let workFrom = now();
  let countBar: SingleBar | undefined;
  let bar: SingleBar | undefined;
  let job = { index: 0, count: 0, label: '' };
  let lastEpochPrinted = 0;
  const jobSeconds: number[] = [];
  const runEta = (): string => {
    if (jobSeconds.length === 0) return '?';
    const mean = jobSeconds.reduce((a, b) => a + b, 0) / jobSeconds.length;
    return formatEta(mean * (job.count - job.index + 1));
  };
  const stopBar = () => {
    if (bar) {
      bar.stop();
      bar = undefined;
    }
    if (countBar) {
      countBar.stop();
      countBar = undefined;
    }
  };
  return {
    info(message) {
      stopBar();
      log(message);
    },
    startJob(index, count, label) {
      stopBar();
      job = { index, count, label };
      lastEpochPrinted = 0;
      log(`[${index}/${count}] ${label}${showRunEta && jobSeconds.length > 0 ? ` (run ETA ${runEta()})` : ''}`);
    },
    train(t) {
      const epochEta = t.imagesPerSecond > 0 ? ((t.epochs - t.epoch) * t.total + (t.total - t.seen)) / t.imagesPerSecond : NaN;
      if (tty) {
        if (!bar) {
          bar = new SingleBar(
            { format: '  epoch {epoch}/{epochs} |{bar}| {percentage}% {lossName} {loss} {ips} img/s ETA {eta2}', stream, hideCursor: true, clearOnComplete: true },
            Presets.shades_classic,
          );
          bar.start(t.total, 0, { epoch: t.epoch, epochs: t.epochs, lossName: t.lossName, loss: '-', ips: '-', eta2: '?' });
        }
        bar.update(t.seen, { epoch: t.epoch, epochs: t.epochs, loss: t.loss.toFixed(4), ips: t.imagesPerSecond.toFixed(0), eta2: formatEta(epochEta) });
      } else {
        const epochEnd = t.seen >= t.total && t.epoch > lastEpochPrinted;
        if (epochEnd) lastEpochPrinted = t.epoch;
        if (lineDue(epochEnd)) {
          const where = epochEnd ? '' : ` ${t.seen}/${t.total} images`;
          log(`  [${job.index}/${job.count}] epoch ${t.epoch}/${t.epochs}${where} ${t.lossName} loss ${t.loss.toFixed(4)} ${t.imagesPerSecond.toFixed(0)} img/s, training ETA ${formatEta(epochEta)}`);
        }
      }
    },
    stage(name) {
      stopBar();
      counting = undefined;
      lastLineAt = now();
      workFrom = now();
      log(`  [${job.index}/${job.count}] ${name}`);
    },
    count(label, done, total) {
      if (counting?.label !== label) {
        stopBar();
        counting = { label, startedAt: workFrom };
      }
      workFrom = now();
      const elapsed = (now() - counting.startedAt) / 1000;
      const eta = formatEta(done > 0 ? (elapsed * (total - done)) / done : NaN);
      if (tty) {
        if (!countBar) {
          countBar = new SingleBar({ format: `  ${label} |{bar}| {value}/{total} ETA {eta2}`, stream, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
          countBar.start(total, 0, { eta2: '?' });
        }
        countBar.update(done, { eta2: eta });
        if (done >= total) stopBar();
      } else if (lineDue(done >= total)) {
        log(`  [${job.index}/${job.count}] ${label}: ${done}/${total}${done < total ? `, ETA ${eta}` : ` in ${formatEta(elapsed)}`}`);
      }
    },
    endJob(summary, seconds) {
      stopBar();
      jobSeconds.push(seconds);
      log(`  [${job.index}/${job.count}] done in ${seconds.toFixed(1)} s: ${summary}`);
    },
    stop() {
      stopBar();
    },
  };
}
