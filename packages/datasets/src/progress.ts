/** Progress of a long load: `done` of `total` units of work finished in the named stage. */
export interface LoadProgress {
  /** Units finished so far (files or images). */
  readonly done: number;
  /** Units in this stage. */
  readonly total: number;
  /** What is being done, e.g. `"train images"` or `"test/crack"`. */
  readonly stage: string;
}

/** Receives {@link LoadProgress} reports; apps use it to draw a progress bar. */
export type ProgressCallback = (progress: LoadProgress) => void;
