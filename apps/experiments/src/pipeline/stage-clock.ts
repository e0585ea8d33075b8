/** Wall time and peak resident memory of a run's stages, for its output and class record. */

/** One finished stage. */
export interface StageTime {
  readonly stage: string;
  /** Wall seconds. */
  readonly seconds: number;
  /** The process's peak resident set size so far when the stage ended (`process.resourceUsage().maxRSS`), bytes. */
  readonly peakRssBytes: number;
}

/** The process's peak resident set size so far, bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Times consecutive stages: `start` ends the stage before and begins the next; `finish` ends the last. */
export class StageClock {
  private readonly done: StageTime[] = [];
  private current: { readonly stage: string; readonly started: number } | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Ends the running stage (if any) and starts `stage`. */
  start(stage: string): void {
    this.end();
    this.current = { stage, started: this.now() };
  }

  /** Ends the running stage and returns every stage, in order. */
  finish(): readonly StageTime[] {
    this.end();
    return [...this.done];
  }

  private end(): void {
    if (this.current === null) return;
    this.done.push({ stage: this.current.stage, seconds: (this.now() - this.current.started) / 1000, peakRssBytes: peakRssBytes() });
    this.current = null;
  }
}

/** One line: each stage's seconds, and the peak RSS at the end. */
export function describeStages(stages: readonly StageTime[]): string {
  const peak = stages.reduce((m, s) => Math.max(m, s.peakRssBytes), 0);
  return `stages: ${stages.map((s) => `${s.stage} ${s.seconds.toFixed(1)} s`).join(', ')}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`;
}
