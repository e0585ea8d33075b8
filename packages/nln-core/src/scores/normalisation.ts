/** Min-max normalisation constants of one score term. */
export interface MinMax {
  /** Value mapped to 0. */
  readonly min: number;
  /** Value mapped to 1. */
  readonly max: number;
}

/** Min and max of `values`; throws on an empty array or a non-finite value. */
export function fitMinMax(values: Float32Array, what = 'fitMinMax'): MinMax {
  if (values.length === 0) throw new RangeError(`${what}: no values to normalise`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`${what}: value ${i} is ${v}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * (v - min) / (max - min) with given constants. Values outside [min, max] map outside [0, 1] (not
 * clipped, so the ranking is kept). When max = min the scale is 1, as in scikit-learn's
 * MinMaxScaler, so the fitted values all map to 0. Written into `out` when given (same length; it may be
 * `values` itself), so a loop over many large maps can reuse one buffer.
 */
export function applyMinMax(values: Float32Array, constants: MinMax, out: Float32Array = new Float32Array(values.length)): Float32Array {
  if (out.length !== values.length) throw new RangeError(`applyMinMax: ${values.length} values but an output of ${out.length}`);
  const scale = constants.max - constants.min || 1;
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - constants.min) / scale;
  return out;
}

/** Min-max normalisation over the set itself (the reference's choice): {@link applyMinMax} of {@link fitMinMax}. */
export function minMaxNormalise(values: Float32Array): Float32Array {
  return applyMinMax(values, fitMinMax(values, 'minMaxNormalise'));
}
