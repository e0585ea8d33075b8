/** The class charts, as vega-lite specs rendered with vega-embed: ROC, AUROC against K and alpha, score histogram. */
import type { VisualizationSpec } from 'vega-embed' with { 'resolution-mode': 'import' };
import type { ClassRecord } from './run-data';

const SIZE = { width: 300, height: 220 };

type Embed = (element: HTMLElement, spec: VisualizationSpec, options?: object) => Promise<unknown>;

/** ROC curves of the baseline (Eq. 3) and NLN at the chosen K and alpha, evaluation split. */
export function rocSpec(record: ClassRecord): VisualizationSpec {
  const values = (['baseline', 'nln'] as const).flatMap((name) => {
    const curve = record.curves?.[name];
    if (curve === undefined) return [];
    const label = `${name === 'nln' ? 'NLN' : 'baseline'} (AUROC ${curve.auroc.toFixed(3)})`;
    return curve.fpr.map((fpr, i) => ({ fpr, tpr: curve.tpr[i], curve: label, order: i }));
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'ROC (evaluation split)',
    ...SIZE,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'fpr', type: 'quantitative', title: 'false-positive rate' },
      y: { field: 'tpr', type: 'quantitative', title: 'true-positive rate' },
      color: { field: 'curve', type: 'nominal', legend: { orient: 'bottom', title: null } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'curve' }, { field: 'fpr', format: '.3f' }, { field: 'tpr', format: '.3f' }],
    },
  } as VisualizationSpec;
}

/** Evaluation-split NLN AUROC against `x` (K or alpha), one line per value of the other. */
export function aurocSpec(record: ClassRecord, x: 'k' | 'alpha'): VisualizationSpec {
  const series = x === 'k' ? 'alpha' : 'k';
  const values = record.rows.filter((r) => r.split === 'evaluation').map((r) => ({ k: r.k, alpha: r.alpha, auroc: r.aurocNln }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `NLN AUROC against ${x === 'k' ? 'K' : 'alpha'} (chosen K=${record.chosen.k}, alpha=${record.chosen.alpha})`,
    ...SIZE,
    data: { values },
    params: [{ name: 'pick', select: { type: 'point', fields: [series] }, bind: 'legend' }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: x, type: 'quantitative', title: x === 'k' ? 'K' : 'alpha', axis: x === 'k' ? { tickMinStep: 1 } : {} },
      y: { field: 'auroc', type: 'quantitative', title: 'AUROC', scale: { zero: false } },
      color: { field: series, type: 'ordinal', title: series === 'k' ? 'K' : 'alpha' },
      opacity: { condition: { param: 'pick', value: 1 }, value: 0.15 },
      tooltip: [{ field: 'k' }, { field: 'alpha' }, { field: 'auroc', format: '.4f' }],
    },
  } as VisualizationSpec;
}

/** Histogram of the evaluation images' scores, normal against novel, with the stored threshold. */
export function histogramSpec(scores: readonly { score: number; novel: boolean }[], threshold: number): VisualizationSpec {
  const values = scores.map((s) => ({ score: s.score, kind: s.novel ? 'novel' : 'normal' }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Scores of the evaluation images (threshold ${threshold.toFixed(4)})`,
    ...SIZE,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', opacity: 0.6 },
        encoding: {
          x: { field: 'score', type: 'quantitative', bin: { maxbins: 40 }, title: 'score' },
          y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'images' },
          color: { field: 'kind', type: 'nominal', scale: { domain: ['normal', 'novel'], range: ['#4c8c6c', '#c0504d'] }, legend: { orient: 'bottom', title: null } },
          tooltip: [{ field: 'kind' }, { aggregate: 'count', title: 'images' }],
        },
      },
      { data: { values: [{ threshold }] }, mark: { type: 'rule', color: '#222', strokeDash: [4, 3] }, encoding: { x: { field: 'threshold', type: 'quantitative' } } },
    ],
  } as VisualizationSpec;
}

/** Renders a spec into a new element of `parent`, with vega-embed's action menu. */
export async function renderChart(parent: HTMLElement, spec: VisualizationSpec): Promise<void> {
  const holder = document.createElement('div');
  holder.className = 'chart';
  parent.append(holder);
  // The page is an ES module: `default` is vega-embed's function (TypeScript reads this file as CommonJS).
  const embed = (await import('vega-embed')).default as unknown as Embed;
  await embed(holder, spec, { actions: { export: true, source: false, compiled: false, editor: false } });
}
