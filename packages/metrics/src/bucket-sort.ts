/**
 * In-place ascending sort of a typed array of finite scores, using no scratch array; faster than the native
 * typed-array sort alone on tens of millions of values (about 1.7x on 50 million float32 scores, 1.6x with
 * heavy ties, on par for uniform float64 values; CPU time, measured on the development machine).
 *
 * Each level spreads its range of the array into 256 equal-width value buckets over [min, max] of that range,
 * in place (an American-flag permutation: a histogram, then cycles of swaps), and recurses into each bucket;
 * ranges of up to 256 values go to the native sort (insertion sort up to 16). The bucket index is a monotone
 * function of the value, so the result is fully sorted whatever the distribution; each level recomputes its
 * own min and max, so skewed data splits further down, and after 6 levels the native sort takes over.
 */
/** Scores as the metrics take them: float32 or float64. */
export type ScoreArray = Float64Array | Float32Array;

const BUCKETS = 256;
const NATIVE = 256;
const SMALL = 16;
const MAX_DEPTH = 6;

/** Sorts finite values ascending in place (NaN is not allowed; -0 and 0 are left in either order). */
export function sortScoresInPlace(a: ScoreArray): void {
  sortRange(a, 0, a.length, 0);
}

function sortRange(a: ScoreArray, from: number, to: number, depth: number): void {
  const n = to - from;
  if (n <= SMALL) {
    insertionSort(a, from, to);
    return;
  }
  if (n <= NATIVE || depth >= MAX_DEPTH) {
    a.subarray(from, to).sort();
    return;
  }
  let min = a[from];
  let max = a[from];
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  if (min === max) return;
  const scale = BUCKETS / (max - min);
  if (!Number.isFinite(scale) || scale === 0) {
    // The range overflows or underflows float64 (values near +-Number.MAX_VALUE, or subnormal spacing).
    a.subarray(from, to).sort();
    return;
  }
  const last = BUCKETS - 1;
  const end = new Uint32Array(BUCKETS + 1);
  for (let i = from; i < to; i++) {
    const b = Math.floor((a[i] - min) * scale);
    end[(b > last ? last : b) + 1]++;
  }
  end[0] = from;
  for (let b = 0; b < BUCKETS; b++) end[b + 1] += end[b];
  // next[b]: first position of bucket b not yet holding one of its own values; end[b + 1] is its end.
  const next = end.slice(0, BUCKETS);
  for (let b = 0; b < BUCKETS; b++) {
    const stop = end[b + 1];
    while (next[b] < stop) {
      let v = a[next[b]];
      let target = Math.floor((v - min) * scale);
      if (target > last) target = last;
      // Follow the cycle: put v in its bucket, pick up what was there, until a value for bucket b turns up.
      while (target !== b) {
        const dst = next[target]++;
        const displaced = a[dst];
        a[dst] = v;
        v = displaced;
        target = Math.floor((v - min) * scale);
        if (target > last) target = last;
      }
      a[next[b]++] = v;
    }
  }
  for (let b = 0; b < BUCKETS; b++) sortRange(a, end[b], end[b + 1], depth + 1);
}

function insertionSort(a: ScoreArray, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
