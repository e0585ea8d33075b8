import { increaseTables } from './increase-tables';
import { classKey, ORACLE_RULE, settingVariant } from './oracle';
import type { ResultsMeta } from './results-schema';
import { setupTable } from './run-setup';
import type { GroupSummary } from './summary';

const f3 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(3));
const f1 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(1));

/** Paths of plots to link from the report, relative to the report's folder. */
export interface ReportPlots {
  /** ROC plot per class, keyed by `classKey` of its rows. */
  readonly roc: ReadonlyMap<string, string>;
  /** AUROC vs K and vs alpha, one each per (protocol, dataset). */
  readonly sweeps: readonly string[];
  /** Residual map grids (MVTec). */
  readonly residuals: readonly string[];
}

/**
 * Renders `report.md`: what was run beside the paper's setup, per L the paper's Tables 1-2, then per
 * (protocol, dataset, model, L) a per-class table of baseline vs NLN AUROC (the
 * selection-split choice and, labelled, the test-selected oracle), the class mean, the paper's % increase
 * and the paper's own figures beside ours.
 */
export function renderReport(meta: ResultsMeta, groups: readonly GroupSummary[], plots: ReportPlots): string {
  const lines: string[] = [];
  lines.push(`# NLN results: ${meta.protocol} / ${meta.dataset}`);
  lines.push('');
  lines.push(`Started ${meta.startedAt}.`);
  lines.push('');
  if (meta.setup) lines.push(...setupTable(meta.setup, meta));
  lines.push(`- AUROCs are on the **evaluation** part of the test set. K and alpha were chosen on the held-out selection part (${meta.selectionRule}).`);
  lines.push(`- "oracle" is the paper's choice, made on the evaluation part itself: ${ORACLE_RULE}. Optimistic, shown for comparison only.`);
  lines.push('- "per-class max" lets every class take its own best K and alpha on the evaluation part: more optimistic still.');
  lines.push(`- Alpha convention: ${meta.alphaConvention}.`);
  lines.push('- % increase is the paper\'s definition, 100 * (1 - baseline / NLN), of the class means.');
  lines.push('');
  lines.push(...increaseTables(groups));
  for (const g of groups) {
    const variant = settingVariant(g.classes[0]);
    lines.push(`## ${g.protocol.toUpperCase()} ${g.dataset}, ${g.model.toUpperCase()}, L = ${g.classes[0].latentDim}${variant === undefined ? '' : `, Eq. 8 ${variant}`}`);
    lines.push('');
    const pixel = g.classes.some((c) => c.selected.pixel !== undefined);
    lines.push(`Oracle (best class mean on the evaluation part): K = ${g.oracle.k}, alpha = ${g.oracle.alpha}.`);
    lines.push('');
    const head = ['class', 'baseline AUROC', 'NLN AUROC', 'K', 'alpha', 'distance AUROC', `NLN oracle AUROC (K=${g.oracle.k}, alpha=${g.oracle.alpha})`, 'NLN per-class max AUROC (K, alpha)'];
    if (pixel) head.push('segmentation K, alpha', 'pixel AUROC (recon / NLN)', 'IoU', 'AUPRO', 'paper pixel AUROC');
    lines.push(`| ${head.join(' | ')} |`);
    lines.push(`|${head.map(() => '---').join('|')}|`);
    for (const c of g.classes) {
      const cells = [
        c.class,
        f3(c.baseline),
        f3(c.selected.aurocNln),
        String(c.selected.k),
        String(c.selected.alpha),
        f3(c.selected.aurocDistance),
        f3(c.oracle.aurocNln),
        `${f3(c.perClassMax.aurocNln)} (${c.perClassMax.k}, ${c.perClassMax.alpha})`,
      ];
      if (pixel) {
        const p = c.selected.pixel;
        const seg = p?.segmentation;
        cells.push(seg ? `${seg.k}, ${seg.alpha}` : '-', p ? `${f3(p.pixelAurocReconstruction)} / ${f3(p.pixelAuroc)}` : '-', f3(p?.iou), f3(p?.aupro), f3(g.paper.pixelAuroc?.[c.class]));
      }
      lines.push(`| ${cells.join(' | ')} |`);
    }
    const meanCells = ['**mean**', `**${f3(g.meanBaseline)}**`, `**${f3(g.meanNln)}**`, '', '', '', f3(g.meanOracle), f3(g.meanPerClassMax)];
    if (pixel) meanCells.push('', '', '', '', '');
    lines.push(`| ${meanCells.join(' | ')} |`);
    lines.push('');
    lines.push(`| | ours (selection split) | ours (oracle K=${g.oracle.k}, alpha=${g.oracle.alpha}) | paper |`);
    lines.push('|---|---|---|---|');
    lines.push(`| % increase from NLN | ${f1(g.percentIncrease)} | ${f1(g.percentIncreaseOracle)} | ${g.paper.percentIncrease === undefined ? '-' : `${f1(g.paper.percentIncrease)} (Tables 1-2)`} |`);
    const paperMean = g.paper.meanAuroc ? `${f3(g.paper.meanAuroc.value)} (${g.paper.meanAuroc.source}, ${g.paper.meanAuroc.config})` : '-';
    lines.push(`| mean NLN AUROC | ${f3(g.meanNln)} | ${f3(g.meanOracle)} | ${paperMean} |`);
    const paperBase = g.paper.meanBaselineAuroc ? `${f3(g.paper.meanBaselineAuroc.value)} (${g.paper.meanBaselineAuroc.source})` : '-';
    lines.push(`| mean baseline AUROC | ${f3(g.meanBaseline)} | ${f3(g.meanBaseline)} | ${paperBase} |`);
    lines.push('');
    const rocLinks = g.classes.flatMap((c) => {
      const p = plots.roc.get(classKey(c));
      return p === undefined ? [] : [`[${c.class}](${p})`];
    });
    if (rocLinks.length > 0) {
      lines.push(`ROC curves: ${rocLinks.join(', ')}`);
      lines.push('');
    }
  }
  if (plots.sweeps.length > 0) {
    lines.push('## AUROC against K and alpha (paper Figs. 5-6)');
    lines.push('');
    for (const p of plots.sweeps) lines.push(`![${p}](${p})`);
    lines.push('');
  }
  if (plots.residuals.length > 0) {
    lines.push('## Residual maps (paper Figs. 1 and 4)');
    lines.push('');
    for (const p of plots.residuals) lines.push(`![${p}](${p})`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** The terminal summary at the end of a run: one line per class and a mean line per (protocol, dataset, model). */
export function summaryTable(groups: readonly GroupSummary[]): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`${g.protocol} ${g.dataset} ${g.model} L=${g.classes[0].latentDim}   class  baseline  NLN    K   alpha  oracle (K=${g.oracle.k}, alpha=${g.oracle.alpha})`);
    for (const c of g.classes) {
      lines.push(`${' '.repeat(g.protocol.length + g.dataset.length + g.model.length + 9 + String(c.latentDim).length)}${c.class.padStart(5)}  ${f3(c.baseline).padStart(8)}  ${f3(c.selected.aurocNln)}  ${String(c.selected.k).padStart(2)}  ${String(c.selected.alpha).padStart(5)}  ${f3(c.oracle.aurocNln)}`);
    }
    lines.push(`  mean baseline ${f3(g.meanBaseline)}, mean NLN ${f3(g.meanNln)} (oracle ${f3(g.meanOracle)} at K=${g.oracle.k}, alpha=${g.oracle.alpha}; per-class max ${f3(g.meanPerClassMax)}), % increase ${f1(g.percentIncrease)} (paper ${f1(g.paper.percentIncrease)})`);
  }
  return lines;
}
