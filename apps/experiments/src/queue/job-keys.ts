/** What a queued grid job carries, and its id: one BullMQ job per (protocol, dataset, model, class, L, seed). */
import type { NoveltyProtocol } from '@nln/datasets';
import type { ModelKind } from '@nln/models';
import type { RawOptions } from '../cli/parse-args';
import type { Protocol } from '../vocabulary';

/** What every queued (class, model, L) job carries: enough for a worker to build it from the options alone. */
interface JobKeys {
  /** `miso`, `simo` or `mvtec`. */
  readonly protocol: Protocol;
  /** The run's options as given on the enqueue command line (strings), without those the worker sets: `out`, `workers`, `resume`. */
  readonly options: RawOptions;
  /** Data set name, for the id and messages (the options hold it too; `mvtec` for MVTec-AD). */
  readonly dataset: string;
  /** Class as reported and in folder names. */
  readonly className: string;
  /** The model trained. */
  readonly model: ModelKind;
  /** Latent size L. */
  readonly latentDim: number;
  /** The seed. */
  readonly seed: number;
  /** 0-based position of the job in the grid, and the grid's size (for progress labels). */
  readonly index: number;
  /** Number of jobs in the grid. */
  readonly count: number;
}

/** The data of one queued `miso`/`simo` job. */
export interface ProtocolJobData extends JobKeys {
  /** `miso` or `simo`. */
  readonly protocol: NoveltyProtocol;
  /** Class index in the data set. */
  readonly classIndex: number;
}

/** The data of one queued `mvtec` job: its class is a folder of the MVTec-AD root (`--data-dir`), which every worker reads at the same path. */
export interface MvtecJobData extends JobKeys {
  /** `mvtec`. */
  readonly protocol: 'mvtec';
}

/** The data of one queued (class, model, L) job. */
export type GridJobData = ProtocolJobData | MvtecJobData;

/** What a finished grid job returns. */
export interface GridJobResult {
  /** The class folder written (or reused), as the worker sees it. */
  readonly folder: string;
  /** The same folder relative to the worker's `--out` (`/` separators), for a machine that mounts that folder elsewhere. */
  readonly relativeFolder: string;
  /** Wall seconds of the job (0 when reused). */
  readonly seconds: number;
  /** True when a complete folder was found and not run again. */
  readonly reused: boolean;
  /** Baseline and NLN AUROC line of the class. */
  readonly summary: string;
}

/** Options the worker decides, not the enqueuer: they are dropped from the job's options. */
export const WORKER_SET_OPTIONS = ['out', 'workers', 'resume'] as const;

/**
 * The job id of a grid job: its keys and seed, so that enqueuing the same grid twice adds nothing while the
 * queue keeps the job. BullMQ ids may not contain `:`, so the parts are joined with `.`.
 */
export function gridJobId(key: Pick<GridJobData, 'protocol' | 'dataset' | 'model' | 'className' | 'latentDim' | 'seed'>): string {
  const cls = key.className.replace(/[^A-Za-z0-9_-]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`);
  return `${key.protocol}.${key.dataset}.${key.model}.L${key.latentDim}.class-${cls}.seed${key.seed}`;
}
