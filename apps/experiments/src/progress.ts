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
}

/**
 * A reporter that draws a cli-progress bar on a TTY and prints plain lines otherwise (CI, logs, pipes):
 * one line per epoch, so logs stay readable. The ETA of the whole run uses the mean time of finished jobs.
 */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  log: (line: string) => void = (l) => console.log(l),
  options: ProgressOptions = {},
): ProgressReporter {
  const showRunEta = options.runEta ?? true;
  const tty = Boolean(stream.isTTY);
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
      } else if (t.seen >= t.total && t.epoch > lastEpochPrinted) {
        lastEpochPrinted = t.epoch;
        log(`  [${job.index}/${job.count}] epoch ${t.epoch}/${t.epochs} ${t.lossName} loss ${t.loss.toFixed(4)} ${t.imagesPerSecond.toFixed(0)} img/s, training ETA ${formatEta(epochEta)}`);
      }
    },
    stage(name) {
      stopBar();
      log(`  [${job.index}/${job.count}] ${name}`);
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
