/**
 * The (class, model, L) jobs of a `miso` or `simo` run, built from the options and the loaded data alone:
 * the local run and the queue (enqueue, worker) plan and build their jobs here, so a job's split, folder
 * and options are the same wherever it runs.
 */
import { miso, simo, type NoveltyProtocol, type TrainTestSets } from '@nln/datasets';
import type { ModelKind } from '@nln/models';
import type { RunOptions } from '../cli/commands/train';
import { classJobTarget, type ClassJobTarget } from './class-jobs';
import { unrunnableReason } from './runnable-classes';
import type { JobRequest } from './worker-messages';

/** One (class, model, L) job of a run. */
export interface ProtocolJob {
  /** 0-based position in the run. */
  readonly index: number;
  /** Class index in the data set. */
  readonly c: number;
  /** Class as reported and in folder names (the index for numbered data sets, else the label). */
  readonly className: string;
  /** The model trained. */
  readonly model: ModelKind;
  /** Latent size L. */
  readonly latentDim: number;
  /** Progress label. */
  readonly label: string;
  /** Options and class folder under `--out`. */
  readonly target: ClassJobTarget;
}

/** The protocol of a `miso`/`simo` run. */
export function noveltyProtocol(options: RunOptions): NoveltyProtocol {
  if (options.protocol === 'mvtec') throw new Error('the mvtec protocol has no (class, model, L) job plan; it runs per class with run-mvtec');
  return options.protocol;
}

/**
 * The class indices a run trains: `--classes` resolved against the data's class names (numbers or labels).
 * A named class that cannot be run is an error; under `all` it is skipped with a line on `info`.
 */
export function resolveClasses(data: TrainTestSets, options: RunOptions, info: (line: string) => void): number[] {
  const protocol = noveltyProtocol(options);
  const names = data.train.classNames;
  const requested = options.classes === 'all' ? names.map((_, i) => i) : options.classes.map((c) => {
    const i = /^\d+$/.test(c) ? Number(c) : names.indexOf(c);
    if (i < 0 || i >= names.length) throw new Error(`--classes: ${options.dataset} has no class ${c} (classes: ${names.map((n, j) => `${j}:${n}`).join(', ')})`);
    return i;
  });
  const classIndices: number[] = [];
  for (const c of requested) {
    const reason = unrunnableReason(data, protocol, c, options.testLimit);
    if (reason === undefined) classIndices.push(c);
    else if (options.classes !== 'all') throw new Error(`--classes: ${options.protocol} cannot run class ${names[c]} of ${options.dataset}: ${reason}`);
    else info(`skipping class ${names[c]}: ${reason}`);
  }
  if (classIndices.length === 0) throw new Error(`${options.protocol} on ${options.dataset}: no class can be run (classes: ${names.join(', ')})`);
  return classIndices;
}

/** The job of (class index `c`, model, L) at position `index` of a run. */
export function protocolJob(data: TrainTestSets, options: RunOptions, index: number, c: number, model: ModelKind, latentDim: number): ProtocolJob {
  const names = data.train.classNames;
  if (!Number.isInteger(c) || c < 0 || c >= names.length) throw new Error(`${options.dataset} has no class index ${c} (it has ${names.length} classes)`);
  const numbered = options.dataset !== 'folder';
  const className = numbered ? String(c) : names[c];
  const label = `${options.protocol} ${options.dataset} ${model} L=${latentDim} class ${className}${numbered && names[c] !== className ? ` (${names[c]})` : ''}`;
  return { index, c, className, model, latentDim, label, target: classJobTarget(options, className, model, latentDim) };
}

/** Every (class, model, L) job of a run, classes outermost, then models, then L. */
export function planJobs(data: TrainTestSets, options: RunOptions, info: (line: string) => void): ProtocolJob[] {
  const triples = resolveClasses(data, options, info).flatMap((c) => options.models.flatMap((model) => options.latentDims.map((latentDim) => ({ c, model, latentDim }))));
  return triples.map(({ c, model, latentDim }, index) => protocolJob(data, options, index, c, model, latentDim));
}

/** What one job runs: its split (seeded by `--seed`, `--limit`, `--test-limit`), folder and options. */
export function jobRequest(data: TrainTestSets, options: RunOptions, job: ProtocolJob, count: number): JobRequest {
  const splitOptions = { seed: options.seed, ...(options.limit ? { limit: options.limit } : {}), ...(options.testLimit ? { testLimit: options.testLimit } : {}) };
  const split = noveltyProtocol(options) === 'simo' ? simo(data, job.c, splitOptions) : miso(data, job.c, splitOptions);
  return {
    index: job.index,
    count,
    label: job.label,
    job: { className: job.className, model: job.model, split, folder: job.target.folder },
    options: job.target.options,
  };
}
