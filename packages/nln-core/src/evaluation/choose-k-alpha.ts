/**
 * Choosing K and alpha from a grid of AUROCs: the rule the held-out evaluation applies on the selection
 * split, the per-class maximum, and the tie rule every such choice shares.
 */

/** A (K, alpha) combination. */
export interface KAlpha {
  /** Number of neighbours. */
  readonly k: number;
  /** Weight of the NLN error term (alpha = 1: NLN error only). */
  readonly alpha: number;
}

/** AUROCs of one (K, alpha) on both parts of a held-out test set. */
export interface GridPoint extends KAlpha {
  /** AUROC on the selection split. */
  readonly selection: number;
  /** AUROC on the evaluation split. */
  readonly evaluation: number;
}

/** The rule {@link chooseOnSelection} applies, for records. */
export const SELECTION_RULE = 'highest selection-split NLN AUROC; ties go to the smaller K, then the larger alpha';

/**
 * The point with the highest `value`; ties go to the smaller K, then the larger alpha (the tie rule of
 * {@link SELECTION_RULE}). Throws on an empty list.
 */
export function bestBy<T extends KAlpha>(points: readonly T[], value: (p: T) => number): T {
  if (points.length === 0) throw new Error('no (K, alpha) combinations to choose from');
  let chosen = points[0];
  for (const p of points) {
    const v = value(p);
    const c = value(chosen);
    if (v > c || (v === c && (p.k < chosen.k || (p.k === chosen.k && p.alpha > chosen.alpha)))) chosen = p;
  }
  return chosen;
}

/** The (K, alpha) with the best selection-split AUROC ({@link SELECTION_RULE}). */
export function chooseOnSelection<T extends GridPoint>(points: readonly T[]): T {
  return bestBy(points, (p) => p.selection);
}

/**
 * The (K, alpha) with the best evaluation-split AUROC: the per-class maximum, more optimistic still than the
 * paper's oracle (one (K, alpha) for all classes).
 */
export function choosePerClassMax<T extends GridPoint>(points: readonly T[]): T {
  return bestBy(points, (p) => p.evaluation);
}
