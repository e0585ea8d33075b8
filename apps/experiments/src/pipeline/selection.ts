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

function better(a: GridPoint, b: GridPoint, field: 'selection' | 'evaluation'): boolean {
  if (a[field] !== b[field]) return a[field] > b[field];
  if (a.k !== b.k) return a.k < b.k;
  return a.alpha > b.alpha;
}

function best(points: readonly GridPoint[], field: 'selection' | 'evaluation'): GridPoint {
  if (points.length === 0) throw new Error('no (K, alpha) combinations to choose from');
  let chosen = points[0];
  for (const p of points) if (better(p, chosen, field)) chosen = p;
  return chosen;
}

/** The (K, alpha) with the best selection-split AUROC ({@link SELECTION_RULE}). */
export function chooseOnSelection(points: readonly GridPoint[]): GridPoint {
  return best(points, 'selection');
}

/** The (K, alpha) with the best evaluation-split AUROC: the paper's optimistic test-set choice. */
export function chooseOracle(points: readonly GridPoint[]): GridPoint {
  return best(points, 'evaluation');
}
