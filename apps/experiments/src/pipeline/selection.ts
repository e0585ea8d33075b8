/** AUROCs of one (K, alpha) combination on both parts of the test set. */
export interface GridPoint {
  /** Number of neighbours. */
  readonly k: number;
  /** Weight of the NLN image term. */
  readonly alpha: number;
  /** AUROC on the selection split. */
  readonly selection: number;
  /** AUROC on the evaluation split. */
  readonly evaluation: number;
}

/** The rule {@link chooseOnSelection} applies, recorded in results.json. */
export const SELECTION_RULE =
  'highest selection-split NLN AUROC; ties go to the smaller K, then the larger alpha';

/** A (K, alpha) combination. */
export interface KAlpha {
  /** Number of neighbours. */
  readonly k: number;
  /** Weight of the NLN image term. */
  readonly alpha: number;
}

/**
 * The point with the highest `value`; ties go to the smaller K, then the larger alpha (the tie rule of
 * {@link SELECTION_RULE}, shared by every choice of K and alpha). Throws on an empty list.
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
export function chooseOnSelection(points: readonly GridPoint[]): GridPoint {
  return bestBy(points, (p) => p.selection);
}

/**
 * The (K, alpha) with the best evaluation-split AUROC of one class: the per-class maximum, more optimistic
 * still than the paper's oracle (one (K, alpha) for all classes, see `output/oracle.ts`).
 */
export function choosePerClassMax(points: readonly GridPoint[]): GridPoint {
  return bestBy(points, (p) => p.evaluation);
}
