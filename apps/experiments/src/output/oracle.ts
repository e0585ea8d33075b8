import { bestBy, type KAlpha } from '@nln/nln-core';
import type { ResultRow } from './results-schema';

/** The fields that name one setting: the paper picks one (K, alpha) per setting. */
export interface SettingFields {
  /** Protocol. */
  readonly protocol: string;
  /** Data set. */
  readonly dataset: string;
  /** Model. */
  readonly model: string;
  /** Latent size L. */
  readonly latentDim: number;
  /** Reading of Eq. 8; part of the setting for AE-con only, the one model it changes. */
  readonly featureConsistency: string;
}

/** The Eq. 8 reading that tells settings apart: AE-con's, `undefined` for the models it does not change. */
export function settingVariant(row: Pick<SettingFields, 'model' | 'featureConsistency'>): string | undefined {
  return row.model === 'ae-con' ? row.featureConsistency : undefined;
}

/** Key of a row's setting, (protocol, dataset, model, L, AE-con's Eq. 8 reading): the unit the paper's oracle is chosen for. */
export function settingKey(row: SettingFields): string {
  return JSON.stringify([row.protocol, row.dataset, row.model, row.latentDim, settingVariant(row) ?? null]);
}

/** Key of a row's class within its setting. */
export function classKey(row: SettingFields & { readonly class: string }): string {
  return JSON.stringify([settingKey(row), row.class]);
}

/** The paper's oracle of one setting. */
export interface OracleChoice extends KAlpha {
  /** Class-mean evaluation AUROC at this (K, alpha). */
  readonly meanAuroc: number;
  /** Number of classes averaged. */
  readonly classes: number;
}

/** The rule {@link paperOracles} applies, for reports. */
export const ORACLE_RULE =
  'one (K, alpha) per (dataset, model, L): the highest class-mean evaluation-split NLN AUROC over the (K, alpha) every class has; ties go to the smaller K, then the larger alpha';

/** Items grouped by `key`, groups and items in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const kAlphaKey = (r: KAlpha): string => `${r.k}|${r.alpha}`;

/**
 * The paper's oracle for every setting in `rows` ({@link ORACLE_RULE}), keyed by {@link settingKey}. A
 * (K, alpha) that some class lacks (class runs merged from different grids) cannot have a class mean and
 * is left out; a setting whose classes share no (K, alpha) is an error.
 */
export function paperOracles(rows: readonly ResultRow[]): Map<string, OracleChoice> {
  const out = new Map<string, OracleChoice>();
  for (const [setting, list] of groupBy(rows.filter((r) => r.split === 'evaluation'), settingKey)) {
    const byClass = groupBy(list, (r) => r.class);
    const byConfig = groupBy(list, kAlphaKey);
    const candidates: OracleChoice[] = [];
    for (const configRows of byConfig.values()) {
      if (new Set(configRows.map((r) => r.class)).size !== byClass.size || configRows.length !== byClass.size) continue;
      const meanAuroc = configRows.reduce((s, r) => s + r.aurocNln, 0) / configRows.length;
      candidates.push({ k: configRows[0].k, alpha: configRows[0].alpha, meanAuroc, classes: byClass.size });
    }
    if (candidates.length === 0) {
      const r = list[0];
      throw new Error(`${r.protocol}/${r.dataset}/${r.model}/L${r.latentDim}: its classes share no (K, alpha), so no class mean exists`);
    }
    out.set(setting, bestBy(candidates, (c) => c.meanAuroc));
  }
  return out;
}

/**
 * The rows with `oracle` set on the evaluation rows at their setting's {@link paperOracles} choice and
 * `perClassMax` on each class's best evaluation row (same tie rule); every other row has both false.
 */
export function markOracles(rows: readonly ResultRow[]): ResultRow[] {
  const oracles = paperOracles(rows);
  const maxima = new Set<ResultRow>();
  for (const list of groupBy(rows.filter((r) => r.split === 'evaluation'), classKey).values()) {
    maxima.add(bestBy(list, (r) => r.aurocNln));
  }
  return rows.map((r) => {
    const oracle = oracles.get(settingKey(r));
    return {
      ...r,
      oracle: r.split === 'evaluation' && oracle !== undefined && r.k === oracle.k && r.alpha === oracle.alpha,
      perClassMax: maxima.has(r),
    };
  });
}
