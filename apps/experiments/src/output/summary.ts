import { percentIncrease, summarize } from '@nln/metrics';
import { MODEL_KINDS, type ModelKind } from '@nln/models';
import { paperFigures, type PaperFigures } from '../paper-figures';
import { classKey, groupBy, settingKey } from './oracle';
import type { ResultRow } from './results-schema';

/** The evaluation-split outcome of one (protocol, dataset, model, class). */
export interface ClassSummary {
  /** Protocol. */
  readonly protocol: string;
  /** Data set. */
  readonly dataset: string;
  /** Model. */
  readonly model: ModelKind;
  /** Class. */
  readonly class: string;
  /** Latent size. */
  readonly latentDim: number;
  /** Reading of Eq. 8 (AE-con). */
  readonly featureConsistency: ResultRow['featureConsistency'];
  /** Baseline AUROC (Eq. 3) on the evaluation split. */
  readonly baseline: number;
  /** The evaluation row at the K and alpha chosen on the selection split. */
  readonly selected: ResultRow;
  /** The evaluation row at its setting's oracle (K, alpha): one for every class, test-selected as the paper's tables. */
  readonly oracle: ResultRow;
  /** The evaluation row with this class's own best evaluation AUROC (the per-class maximum). */
  readonly perClassMax: ResultRow;
}

/** Class means of one (protocol, dataset, model), with the paper's figures beside them. */
export interface GroupSummary {
  /** Protocol. */
  readonly protocol: string;
  /** Data set. */
  readonly dataset: string;
  /** Model. */
  readonly model: ModelKind;
  /** Per-class outcomes, in class order. */
  readonly classes: ClassSummary[];
  /** Mean baseline AUROC over the classes. */
  readonly meanBaseline: number;
  /** Mean NLN AUROC at the selection-split choice. */
  readonly meanNln: number;
  /** The paper's oracle: the one (K, alpha) with the best class-mean evaluation AUROC. */
  readonly oracle: { readonly k: number; readonly alpha: number };
  /** Mean NLN AUROC at the oracle (K, alpha). */
  readonly meanOracle: number;
  /** Mean of the per-class maxima (each class at its own best evaluation K and alpha). */
  readonly meanPerClassMax: number;
  /** The paper's % increase, 100 * (1 - baseline / nln), of the class means (selection-split choice). */
  readonly percentIncrease: number;
  /** The same for the oracle choice (comparable with the paper's tables, which selected on the test set). */
  readonly percentIncreaseOracle: number;
  /** The paper's figures for this setting. */
  readonly paper: PaperFigures;
}

function compareClass(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

/**
 * Picks each (protocol, dataset, model, L, class)'s selected, oracle and per-class-maximum evaluation rows
 * from rows marked by `markOracles`.
 */
export function summariseClasses(rows: readonly ResultRow[]): ClassSummary[] {
  const groups = new Map<string, ResultRow[]>();
  for (const row of rows) {
    if (row.split !== 'evaluation') continue;
    const key = classKey(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const out: ClassSummary[] = [];
  for (const list of groups.values()) {
    const selected = list.find((r) => r.selected);
    const oracle = list.find((r) => r.oracle);
    const perClassMax = list.find((r) => r.perClassMax);
    if (!selected || !oracle || !perClassMax) {
      const r = list[0];
      throw new Error(`results for ${r.protocol}/${r.dataset}/${r.model}/L${r.latentDim}/class ${r.class} have no selected, oracle or per-class-max row`);
    }
    out.push({
      protocol: selected.protocol,
      dataset: selected.dataset,
      model: selected.model,
      class: selected.class,
      latentDim: selected.latentDim,
      featureConsistency: selected.featureConsistency,
      baseline: selected.aurocReconstruction,
      selected,
      oracle,
      perClassMax,
    });
  }
  return out.sort(
    (a, b) =>
      a.protocol.localeCompare(b.protocol) ||
      a.dataset.localeCompare(b.dataset) ||
      MODEL_KINDS.indexOf(a.model) - MODEL_KINDS.indexOf(b.model) ||
      a.latentDim - b.latentDim ||
      a.featureConsistency.localeCompare(b.featureConsistency) ||
      compareClass(a.class, b.class),
  );
}

/** Groups class outcomes by (protocol, dataset, model, L) and takes the class means. */
export function summariseGroups(classes: readonly ClassSummary[]): GroupSummary[] {
  return [...groupBy(classes, settingKey).values()].map((list) => {
    const first = list[0];
    const meanBaseline = summarize(list.map((c) => c.baseline)).mean;
    const meanNln = summarize(list.map((c) => c.selected.aurocNln)).mean;
    const meanOracle = summarize(list.map((c) => c.oracle.aurocNln)).mean;
    const meanPerClassMax = summarize(list.map((c) => c.perClassMax.aurocNln)).mean;
    return {
      protocol: first.protocol,
      dataset: first.dataset,
      model: first.model,
      classes: list,
      meanBaseline,
      meanNln,
      oracle: { k: first.oracle.k, alpha: first.oracle.alpha },
      meanOracle,
      meanPerClassMax,
      percentIncrease: percentIncrease(meanBaseline, meanNln),
      percentIncreaseOracle: percentIncrease(meanBaseline, meanOracle),
      paper: paperFigures(first.protocol, first.dataset, first.model),
    };
  });
}
