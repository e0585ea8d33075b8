/**
 * Reproduces one class's evaluation rows of a finished `miso` or `simo` run from the libraries alone: the
 * class's test split from `@nln/datasets`, its saved model from `@nln/models`, and its saved scorer and the
 * held-out evaluation from `@nln/nln-core`; then compares every (K, alpha, split) row with the run's
 * `class.json`. Exits 1 when a row differs by more than the tolerance.
 *
 *   npx tsx scripts/reproduce-class-rows.ts <class folder> [--tolerance=1e-9]
 *   e.g. results/miso-mnist-<time>/miso-mnist/ae/L32/class-3
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCifar10, loadFashionMnist, loadImageFolder, loadMnist, miso, normalisePerImage, selectionSplit, simo, type TrainTestSets } from '@nln/datasets';
import type { ThresholdCriterion } from '@nln/metrics';
import { initBackend, loadModel } from '@nln/models';
import { evaluateHeldOut, NlnScorer } from '@nln/nln-core';

/** The fields of `class.json` this script reads. */
interface SavedClass {
  readonly protocol: string;
  readonly dataset: string;
  readonly class: string;
  readonly backend: string;
  readonly options: {
    readonly dataDir?: string;
    readonly seed: number;
    readonly limit?: number;
    readonly testLimit?: number;
    readonly selectionFraction: number;
    readonly k: number[];
    readonly alpha: number[];
    readonly thresholdMethod: 'best-f1' | 'target-fpr';
    readonly targetFpr: number;
  };
  readonly rows: { k: number; alpha: number; split: 'selection' | 'evaluation'; aurocNln: number; aurocReconstruction: number; aurocDistance: number }[];
}

/** One row's largest difference between the run and the reproduction. */
export interface RowComparison {
  readonly k: number;
  readonly alpha: number;
  readonly split: 'selection' | 'evaluation';
  readonly difference: number;
}

const LOADERS: Record<string, (dir: string | undefined) => Promise<TrainTestSets>> = {
  mnist: (dir) => loadMnist(dir === undefined ? {} : { dir }),
  'fashion-mnist': (dir) => loadFashionMnist(dir === undefined ? {} : { dir }),
  cifar10: (dir) => loadCifar10({ dir: dir ?? '' }),
  folder: (dir) => loadImageFolder(dir ?? ''),
};

/** Recomputes the rows of the class run in `folder` and compares each with the saved one. */
export async function reproduceClassRows(folder: string): Promise<RowComparison[]> {
  const saved = JSON.parse(await readFile(join(folder, 'class.json'), 'utf8')) as SavedClass;
  const load = LOADERS[saved.dataset];
  if (load === undefined || (saved.protocol !== 'miso' && saved.protocol !== 'simo')) {
    throw new Error(`${folder}: a ${saved.protocol} run on ${saved.dataset}; this script reproduces miso and simo runs on ${Object.keys(LOADERS).join(', ')}`);
  }
  const o = saved.options;
  const data = await load(o.dataDir);
  const c = /^\d+$/.test(saved.class) ? Number(saved.class) : saved.class;
  const splitOptions = { seed: o.seed, ...(o.limit ? { limit: o.limit } : {}), ...(o.testLimit ? { testLimit: o.testLimit } : {}) };
  const split = saved.protocol === 'simo' ? simo(data, c, splitOptions) : miso(data, c, splitOptions);
  const test = normalisePerImage(split.test);
  const parts = selectionSplit({ novel: split.novel, labels: split.test.labels }, { fraction: o.selectionFraction, seed: o.seed });

  const model = await loadModel(join(folder, 'model'));
  const scorer = await NlnScorer.load(join(folder, 'scorer'), model);
  try {
    const grid = await scorer.scoreGrid(test.images, o.k, o.alpha);
    const threshold: ThresholdCriterion = o.thresholdMethod === 'best-f1' ? { kind: 'best-f1' } : { kind: 'target-fpr', maxFpr: o.targetFpr };
    const ev = evaluateHeldOut(grid.rows, grid.reconstruction, split.novel, parts, { ks: o.k, alphas: o.alpha, threshold });
    return saved.rows.map((row) => {
      const point = ev.points.find((p) => p.k === row.k && p.alpha === row.alpha);
      if (point === undefined) throw new Error(`${folder}: no reproduced point for K = ${row.k}, alpha = ${row.alpha}`);
      const mine = row.split === 'selection'
        ? [point.selection, ev.baseline.selection, point.distanceSelection]
        : [point.evaluation, ev.baseline.evaluation, point.distanceEvaluation];
      const theirs = [row.aurocNln, row.aurocReconstruction, row.aurocDistance];
      return { k: row.k, alpha: row.alpha, split: row.split, difference: Math.max(...mine.map((v, i) => Math.abs(v - theirs[i]))) };
    });
  } finally {
    scorer.dispose();
    model.dispose();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  const tolerance = Number(args.find((a) => a.startsWith('--tolerance='))?.slice('--tolerance='.length) ?? '1e-9');
  if (folder === undefined || !(tolerance >= 0)) {
    console.error('usage: npx tsx scripts/reproduce-class-rows.ts <class folder> [--tolerance=1e-9]');
    process.exit(2);
  }
  const saved = JSON.parse(await readFile(join(folder, 'class.json'), 'utf8')) as SavedClass;
  // One native thread, as the run's jobs had: ATen's sums depend on the thread count.
  await initBackend({ backend: saved.backend === 'aten' || saved.backend === 'wasm' ? saved.backend : undefined, threads: 1 });
  const rows = await reproduceClassRows(folder);
  const worst = rows.reduce((a, b) => (b.difference > a.difference ? b : a));
  const off = rows.filter((r) => r.difference > tolerance);
  console.log(`${rows.length} rows reproduced; largest difference ${worst.difference.toExponential(2)} (K=${worst.k}, alpha=${worst.alpha}, ${worst.split})`);
  for (const r of off) console.log(`  differs: K=${r.k} alpha=${r.alpha} ${r.split}: ${r.difference}`);
  console.log(off.length === 0 ? `all rows match within ${tolerance}` : `${off.length} rows differ by more than ${tolerance}`);
  process.exit(off.length === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
