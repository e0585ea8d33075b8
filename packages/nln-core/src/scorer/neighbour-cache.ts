/**
 * Rows of floats kept as one byte per value (`neighbourSource: 'cache-uint8'`): each row is quantised
 * affinely over its own range, `value = low[row] + q * step[row]` with `step = (max - min) / 255` and
 * `q = round((v - min) / step)`, so a value is off by at most `step / 2` (half of 1/255 of its row's range;
 * for reconstructions in [0, 1] at most 1/510 = 0.00196) plus float32 rounding. A quarter of the float cache.
 */
export interface QuantisedRows {
  /** `rows * rowSize` bytes. */
  readonly values: Uint8Array;
  /** Each row's minimum. */
  readonly low: Float32Array;
  /** Each row's step, `(max - min) / 255` (0 for a constant row). */
  readonly step: Float32Array;
}

/** The neighbour-side features of the training set: floats, or bytes quantised per row. */
export type NeighbourCache = Float32Array | QuantisedRows;

/** An empty cache of `rows` rows of `rowSize` values, floats or quantised. */
export function createNeighbourCache(rows: number, rowSize: number, quantised: boolean): NeighbourCache {
  if (!quantised) return new Float32Array(rows * rowSize);
  return { values: new Uint8Array(rows * rowSize), low: new Float32Array(rows), step: new Float32Array(rows) };
}

/** Bytes a cache takes. */
export function cacheBytes(cache: NeighbourCache): number {
  return cache instanceof Float32Array ? cache.byteLength : cache.values.byteLength + cache.low.byteLength + cache.step.byteLength;
}

/** Writes rows `first, first + 1, ...` of the cache from `values` (whole rows of `rowSize`). */
export function setCacheRows(cache: NeighbourCache, first: number, values: Float32Array, rowSize: number): void {
  if (cache instanceof Float32Array) {
    cache.set(values, first * rowSize);
    return;
  }
  const rows = values.length / rowSize;
  for (let r = 0; r < rows; r++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = r * rowSize; i < (r + 1) * rowSize; i++) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
    const step = Math.fround((hi - lo) / 255);
    cache.low[first + r] = lo;
    cache.step[first + r] = step;
    const out = (first + r) * rowSize;
    for (let i = 0; i < rowSize; i++) {
      cache.values[out + i] = step > 0 ? Math.min(255, Math.round((values[r * rowSize + i] - lo) / step)) : 0;
    }
  }
}

/** Copies rows `indices` of the cache into a new `[indices.length, rowSize]` float array (dequantised). */
export function gatherCacheRows(cache: NeighbourCache, rowSize: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  for (let j = 0; j < indices.length; j++) {
    const row = indices[j];
    if (cache instanceof Float32Array) {
      out.set(cache.subarray(row * rowSize, (row + 1) * rowSize), j * rowSize);
      continue;
    }
    const lo = cache.low[row];
    const step = cache.step[row];
    for (let i = 0; i < rowSize; i++) out[j * rowSize + i] = lo + cache.values[row * rowSize + i] * step;
  }
  return out;
}

/** A quantised cache from its bytes and the `[low, step]` pairs per row that `writeQuantisedRows` stores. */
export function quantisedFromRange(values: Uint8Array, range: Float32Array): QuantisedRows {
  const rows = range.length / 2;
  return {
    values,
    low: Float32Array.from({ length: rows }, (_, r) => range[2 * r]),
    step: Float32Array.from({ length: rows }, (_, r) => range[2 * r + 1]),
  };
}
