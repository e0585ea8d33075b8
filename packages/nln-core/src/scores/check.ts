/** Checks that `values` holds `rows` rows of `size` values; returns `rows`. */
export function rowsOf(values: Float32Array, size: number, what: string): number {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`${what}: row size must be a positive integer, got ${size}`);
  if (values.length % size !== 0) {
    throw new RangeError(`${what}: ${values.length} values is not a whole number of rows of ${size}`);
  }
  return values.length / size;
}

/** Checks a neighbour count: a positive integer no larger than `kMax`. */
export function checkK(k: number, kMax: number, what: string): void {
  if (!Number.isInteger(k) || k < 1 || k > kMax) {
    throw new RangeError(`${what}: K must be an integer in [1, ${kMax}], got ${k}`);
  }
}
