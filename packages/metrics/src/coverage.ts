/**
 * Coverage masks: which pixels a pixel metric counts. Every pixel metric takes one as an optional last
 * argument; a pixel outside it (e.g. the bottom/right border a patch grid leaves out) enters neither the
 * scores nor the labels, and its score is not even read, so an uncovered pixel may hold NaN.
 */
import { LabelLike, MetricError } from './validate';

/** One value per pixel, row-major like the map: > 0 or `true` = counted, 0 or `false` = left out. */
export type CoverageMask = LabelLike;

/**
 * Number of pixels the mask counts among `n`, or `n` without a mask. Throws {@link MetricError} naming
 * `where` when the mask's length is not `n` or a value is NaN.
 */
export function countCovered(where: string, covered: CoverageMask | undefined, n: number): number {
  if (covered === undefined) return n;
  if (covered.length !== n) {
    throw new MetricError(`${where}: coverage mask has ${covered.length} values, expected ${n} (one per pixel)`);
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = covered[i];
    if (Number.isNaN(v)) throw new MetricError(`${where}: coverage mask value at index ${i} is NaN`);
    if (v === true || (v as number) > 0) count++;
  }
  return count;
}

/** Whether pixel `i` is counted (always, without a mask). Assumes {@link countCovered} checked the mask. */
export function isCovered(covered: CoverageMask | undefined, i: number): boolean {
  if (covered === undefined) return true;
  const v = covered[i];
  return v === true || (v as number) > 0;
}
