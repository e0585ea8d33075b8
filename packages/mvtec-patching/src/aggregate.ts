import type { Raster } from './raster';

/** How per-patch scores of one image become its image score. */
export type PatchReduce = 'mean' | 'max';

function checkGroups(length: number, groupSize: number, where: string): number {
  if (!Number.isInteger(groupSize) || groupSize <= 0) throw new RangeError(`${where}: group size must be a positive integer, got ${groupSize}`);
  if (length % groupSize !== 0) throw new RangeError(`${where}: ${length} values are not a whole number of groups of ${groupSize}`);
  return length / groupSize;
}

/**
 * Reduces consecutive groups of `groupSize` values with `mean` or `max`: one result per group. NaN in a
 * group is an error (a score must never silently vanish).
 */
export function reduceGroups(values: ArrayLike<number>, groupSize: number, reduce: PatchReduce): Float64Array {
  const groups = checkGroups(values.length, groupSize, 'reduceGroups');
  if (reduce !== 'mean' && reduce !== 'max') throw new RangeError(`reduceGroups: unknown reduction '${String(reduce)}'`);
  const out = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let acc = reduce === 'max' ? Number.NEGATIVE_INFINITY : 0;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      const v = values[i];
      if (Number.isNaN(v)) throw new RangeError(`reduceGroups: value ${i} is NaN`);
      acc = reduce === 'max' ? Math.max(acc, v) : acc + v;
    }
    out[g] = reduce === 'max' ? acc : acc / groupSize;
  }
  return out;
}

/**
 * Image scores from per-patch scores given in global patch order (`patchesPerImage` consecutive patches
 * per image): the mean or the max over each image's patches.
 */
export function imageScoresFromPatches(patchScores: ArrayLike<number>, patchesPerImage: number, reduce: PatchReduce): Float64Array {
  return reduceGroups(patchScores, patchesPerImage, reduce);
}

/**
 * The reference's NLN distance score per image: for each patch the mean of its `k` neighbour distances
 * (`distances` is `N_patches x k`, row-major, as a KNN search returns), then the **max** over the image's
 * patches.
 */
export function imageDistanceScores(distances: ArrayLike<number>, k: number, patchesPerImage: number): Float64Array {
  const perPatch = reduceGroups(distances, k, 'mean');
  return reduceGroups(perPatch, patchesPerImage, 'max');
}

/**
 * Mean of a reassembled map over its covered pixels and all channels (NaN marks uncovered pixels, see
 * `reassemble`), the reference's per-image NLN error `e` after reassembly. Throws when no pixel is covered.
 */
export function mapMean(map: Raster): number {
  let sum = 0;
  let n = 0;
  const { data } = map;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  if (n === 0) throw new RangeError('mapMean: every value of the map is NaN (no covered pixel)');
  return sum / n;
}

/** Maximum of a map over its covered (non-NaN) values; throws when none is covered. */
export function mapMax(map: Raster): number {
  let best = Number.NEGATIVE_INFINITY;
  let seen = false;
  for (const v of map.data) {
    if (!Number.isNaN(v)) {
      seen = true;
      if (v > best) best = v;
    }
  }
  if (!seen) throw new RangeError('mapMax: every value of the map is NaN (no covered pixel)');
  return best;
}

/** Per-patch labels: each image's label repeated for its `patchesPerImage` patches (the reference's rule). */
export function patchLabels(imageLabels: ArrayLike<number>, patchesPerImage: number): Int32Array {
  if (!Number.isInteger(patchesPerImage) || patchesPerImage <= 0) throw new RangeError(`patchLabels: bad patches per image ${patchesPerImage}`);
  const out = new Int32Array(imageLabels.length * patchesPerImage);
  for (let i = 0; i < imageLabels.length; i++) out.fill(imageLabels[i], i * patchesPerImage, (i + 1) * patchesPerImage);
  return out;
}

/**
 * Image labels back from patch labels: an image takes the first label among its patches that differs from
 * `normalLabel`, or `normalLabel` when all its patches are normal (the reference: defective if any patch is).
 */
export function imageLabelsFromPatches(labels: ArrayLike<number>, patchesPerImage: number, normalLabel: number): Int32Array {
  const images = checkGroups(labels.length, patchesPerImage, 'imageLabelsFromPatches');
  const out = new Int32Array(images).fill(normalLabel);
  for (let n = 0; n < images; n++) {
    for (let i = n * patchesPerImage; i < (n + 1) * patchesPerImage; i++) {
      if (labels[i] !== normalLabel) {
        out[n] = labels[i];
        break;
      }
    }
  }
  return out;
}
