import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassRecord } from './class-record';
import { writeFileAtomic, writeJsonAtomic } from '@nln/models';
import { toCsv } from './csv';
import { renderVegaLite, rocSpec, sweepSpec, type SweepPoint } from './plots';
import { renderReport } from './report-md';
import { resultsSchema, type ResultRow, type Results, type ResultsMeta } from './results-schema';
import { classKey, markOracles, settingKey } from './oracle';
import { runSetup, usedVariants } from './run-setup';
import { summariseClasses, summariseGroups, type GroupSummary } from './summary';

/** Column order of `results.csv` and each class's `rows.csv`. */
export const RESULT_COLUMNS = [
  'protocol', 'dataset', 'model', 'class', 'latentDim', 'k', 'alpha', 'split',
  'aurocReconstruction', 'aurocNln', 'aurocDistance', 'selected', 'oracle', 'perClassMax',
  'pixel.pixelAuroc', 'pixel.pixelAurocReconstruction', 'pixel.iou', 'pixel.iouThresholdMethod', 'pixel.iouThreshold', 'pixel.aupro',
  'pixel.coveredFraction', 'pixel.segmentation.k', 'pixel.segmentation.alpha',
] as const;

/** A finished class run and where it lives. */
export interface ClassRun {
  /** Its class folder. */
  readonly folder: string;
  /** Its record. */
  readonly record: ClassRecord;
}

/** Name of the residual-map grid a class folder may hold (MVTec). */
export const RESIDUALS_FILE = 'residuals.png';

function sweepPoints(groups: readonly GroupSummary[], rows: readonly ResultRow[], over: 'k' | 'alpha'): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const g of groups) {
    const byX = new Map<number, number[]>();
    for (const c of g.classes) {
      const fixed = over === 'k' ? c.selected.alpha : c.selected.k;
      for (const r of rows) {
        if (r.split !== 'evaluation' || r.class !== c.class || settingKey(r) !== settingKey(c)) continue;
        if ((over === 'k' ? r.alpha : r.k) !== fixed) continue;
        const x = over === 'k' ? r.k : r.alpha;
        const list = byX.get(x) ?? [];
        list.push(r.aurocNln);
        byX.set(x, list);
      }
    }
    const variant = g.classes[0].model === 'ae-con' ? ` Eq.8 ${g.classes[0].featureConsistency}` : '';
    const label = `${g.model} L=${g.classes[0].latentDim}${variant}`;
    for (const [x, values] of [...byX.entries()].sort((a, b) => a[0] - b[0])) {
      if (values.length === g.classes.length) points.push({ x, auroc: values.reduce((a, b) => a + b, 0) / values.length, series: `${label} NLN` });
    }
    const xs = [...byX.keys()].sort((a, b) => a - b);
    for (const x of xs) points.push({ x, auroc: g.meanBaseline, series: `${label} baseline` });
  }
  return points;
}

/**
 * Writes the results set of a run or merge into `out`: `results.json` (validated against the schema),
 * `results.csv`, `report.md` and, with `plots`, PNGs under `plots/`. Every file is written atomically.
 * The paper's oracle and each class's maximum are marked here, over all the merged classes; the setup of
 * the class runs (`meta.setup`) and the Eq. 8 readings and BatchNorm modes they used are gathered from
 * their records (reused ones included).
 * Returns the validated results.
 */
export async function writeResults(out: string, meta: ResultsMeta, runs: readonly ClassRun[], plots: boolean): Promise<{ results: Results; groups: GroupSummary[] }> {
  const rows = markOracles(runs.flatMap((r) => r.record.rows));
  const records = runs.map((r) => r.record);
  const results = resultsSchema.parse({ meta: { ...meta, ...usedVariants(records), setup: runSetup(records) }, rows });
  const groups = summariseGroups(summariseClasses(rows));
  await mkdir(out, { recursive: true });
  await writeJsonAtomic(join(out, 'results.json'), results);
  await writeFileAtomic(join(out, 'results.csv'), toCsv(rows, RESULT_COLUMNS));
  const roc = new Map<string, string>();
  const sweeps: string[] = [];
  const residuals: string[] = [];
  if (plots) {
    const dir = join(out, 'plots');
    await mkdir(dir, { recursive: true });
    for (const run of runs) {
      const r = run.record;
      const first = r.rows[0];
      const variant = first !== undefined && first.model === 'ae-con' && first.featureConsistency !== 'paper' ? `-${first.featureConsistency}` : '';
      const name = `roc-${r.protocol}-${r.dataset}-${r.model}${variant}-L${r.latentDim}-class-${r.class}.png`.replace(/[^A-Za-z0-9_.-]/g, '_');
      const png = await renderVegaLite(
        rocSpec(
          [
            { name: `baseline (AUROC ${r.curves.baseline.auroc.toFixed(3)})`, ...r.curves.baseline },
            { name: `NLN K=${r.chosen.k} alpha=${r.chosen.alpha} (AUROC ${r.curves.nln.auroc.toFixed(3)})`, ...r.curves.nln },
          ],
          `${r.protocol.toUpperCase()} ${r.dataset} ${r.model.toUpperCase()}, class ${r.class} (evaluation split)`,
        ),
      );
      await writeFileAtomic(join(dir, name), png);
      if (first !== undefined) roc.set(classKey(first), `plots/${name}`);
      const residualFile = join(run.folder, RESIDUALS_FILE);
      if (await stat(residualFile).then((s) => s.isFile(), () => false)) {
        const target = `residuals-${r.model}${variant}-L${r.latentDim}-${r.class}.png`.replace(/[^A-Za-z0-9_.-]/g, '_');
        await copyFile(residualFile, join(dir, target));
        residuals.push(`plots/${target}`);
      }
    }
    const settings = new Set(groups.map((g) => `${g.protocol}|${g.dataset}`));
    for (const setting of settings) {
      const [protocol, dataset] = setting.split('|');
      const inSetting = groups.filter((g) => g.protocol === protocol && g.dataset === dataset);
      const kPoints = sweepPoints(inSetting, rows, 'k');
      const aPoints = sweepPoints(inSetting, rows, 'alpha');
      const kName = `auroc-vs-k-${protocol}-${dataset}.png`;
      const aName = `auroc-vs-alpha-${protocol}-${dataset}.png`;
      await writeFileAtomic(join(dir, kName), await renderVegaLite(sweepSpec(kPoints, 'K (each class at its chosen alpha)', `${protocol.toUpperCase()} ${dataset}: AUROC vs K`, true)));
      await writeFileAtomic(join(dir, aName), await renderVegaLite(sweepSpec(aPoints, 'alpha (each class at its chosen K)', `${protocol.toUpperCase()} ${dataset}: AUROC vs alpha`)));
      sweeps.push(`plots/${kName}`, `plots/${aName}`);
    }
  }
  const report = renderReport(results.meta, groups, { roc, sweeps, residuals });
  await writeFileAtomic(join(out, 'report.md'), report);
  return { results, groups };
}

