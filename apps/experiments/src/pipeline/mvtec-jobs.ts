/**
 * The (class, model, L) jobs of an `mvtec` run, from the options and the MVTec-AD root's folders alone: the
 * local run (`runMvtec`) and the queue (enqueue, worker) plan and build their jobs here, so a job's class
 * folder, label and options are the same wherever it runs.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MVTEC_CLASSES } from '@nln/datasets';
import type { ModelKind } from '@nln/models';
import type { RunOptions } from '../cli/commands/train';
import { classJobTarget, type ClassJobTarget } from './class-jobs';

/** One (class, model, L) job of an `mvtec` run. */
export interface MvtecJob {
  /** 0-based position in the run. */
  readonly index: number;
  /** The class: a folder of the MVTec-AD root. */
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

/** Whether `root` holds the MVTec-AD class `name` (a `<name>/train/good` folder). */
export async function hasMvtecClass(root: string, name: string): Promise<boolean> {
  return stat(join(root, name, 'train', 'good')).then((s) => s.isDirectory(), () => false);
}

/** Class folders present under an MVTec-AD root: the 15 known names first (paper order), then others with `train/good`. */
export async function mvtecClassesIn(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new Error(`${root}: cannot list the MVTec-AD root`);
  });
  const present: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && (await hasMvtecClass(root, e.name))) present.push(e.name);
  }
  const known = MVTEC_CLASSES.filter((c) => present.includes(c));
  return [...known, ...present.filter((c) => !(MVTEC_CLASSES as readonly string[]).includes(c)).sort()];
}

/** The job of (class, model, L) at position `index` of an `mvtec` run. */
export function mvtecJob(options: RunOptions, index: number, className: string, model: ModelKind, latentDim: number): MvtecJob {
  return { index, className, model, latentDim, label: `mvtec ${model} L=${latentDim} ${className}`, target: classJobTarget(options, className, model, latentDim) };
}

/**
 * Every (class, model, L) job of an `mvtec` run, classes outermost, then models, then L: `--classes=all` is
 * the classes present under `--data-dir` ({@link mvtecClassesIn}); none there is an error.
 */
export async function planMvtecJobs(options: RunOptions): Promise<MvtecJob[]> {
  const root = options.dataDir as string;
  const classes = options.classes === 'all' ? await mvtecClassesIn(root) : options.classes;
  if (classes.length === 0) throw new Error(`${root}: no MVTec-AD class folders (<class>/train/good) found`);
  const triples = classes.flatMap((c) => options.models.flatMap((model) => options.latentDims.map((latentDim) => ({ c, model, latentDim }))));
  return triples.map(({ c, model, latentDim }, index) => mvtecJob(options, index, c, model, latentDim));
}
