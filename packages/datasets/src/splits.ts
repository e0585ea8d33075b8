import type { ImageSet, TrainTestSets } from './image-set';
import { createRandom, shuffleInPlace } from './random';
import { selectImages, selectValues } from './subset';

/** The two novelty-detection protocols over a labelled data set: MISO ({@link miso}) and SIMO ({@link simo}). */
export const NOVELTY_PROTOCOLS = ['miso', 'simo'] as const;

/** One of {@link NOVELTY_PROTOCOLS}. */
export type NoveltyProtocol = (typeof NOVELTY_PROTOCOLS)[number];

/** Options of {@link miso} and {@link simo}. */
export interface NoveltySplitOptions {
  /**
   * Fraction (0 to 1) of the excluded training samples (the novel class for MISO, every other class for
   * SIMO) added back to the training set as contamination, chosen at random with `seed`. Default 0.
   */
  readonly contamination?: number;
  /** Keep at most this many training samples, taken after contamination and shuffling. Default: all. */
  readonly limit?: number;
  /** Keep only the first `testLimit` samples of the test set (the reference's `limit` on test). Default: all. */
  readonly testLimit?: number;
  /** Seed of the contamination draw and the training-set shuffle. Default 0. */
  readonly seed?: number;
}

/** A training set and a labelled test set for one novelty-detection experiment. */
export interface NoveltySplit<T extends Uint8Array | Float32Array = Uint8Array | Float32Array> {
  /** `"miso"` (one novel class) or `"simo"` (one inlier class). */
  readonly protocol: NoveltyProtocol;
  /** The class that defines the split: the novel class (MISO) or the inlier class (SIMO). */
  readonly splitClass: number;
  /** Training images, in seeded random order. */
  readonly train: ImageSet<T>;
  /** 1 for each training sample taken from the excluded side as contamination, else 0. */
  readonly trainContaminated: Uint8Array;
  /** Index of each training sample in the source training set. */
  readonly trainIndices: Int32Array;
  /** Test images, in the source order. */
  readonly test: ImageSet<T>;
  /** Ground truth of each test sample: 1 = novel (positive), 0 = normal. */
  readonly novel: Uint8Array;
  /** Index of each test sample in the source test set. */
  readonly testIndices: Int32Array;
}

/** Resolves a class given by index or name against `classNames`. */
export function resolveClass(classNames: readonly string[], cls: number | string): number {
  const index = typeof cls === 'number' ? cls : classNames.indexOf(cls);
  if (!Number.isInteger(index) || index < 0 || index >= classNames.length) {
    throw new RangeError(`unknown class ${JSON.stringify(cls)}; classes are ${classNames.map((n, i) => `${i}:${n}`).join(', ')}`);
  }
  return index;
}

function checkOptions(options: NoveltySplitOptions): Required<Pick<NoveltySplitOptions, 'contamination' | 'seed'>> {
  const { contamination = 0, seed = 0, limit, testLimit } = options;
  if (!(contamination >= 0 && contamination <= 1)) throw new RangeError(`contamination must be in [0, 1], got ${contamination}`);
  for (const [name, value] of [
    ['limit', limit],
    ['testLimit', testLimit],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { contamination, seed };
}

function noveltySplit<T extends Uint8Array | Float32Array>(
  data: TrainTestSets<T>,
  protocol: NoveltyProtocol,
  splitClass: number,
  isNovel: (label: number) => boolean,
  options: NoveltySplitOptions,
): NoveltySplit<T> {
  const { contamination, seed } = checkOptions(options);
  const random = createRandom(seed);
  const normal: number[] = [];
  const excluded: number[] = [];
  data.train.labels.forEach((label, i) => (isNovel(label) ? excluded : normal).push(i));
  const contaminants = shuffleInPlace(excluded, random).slice(0, Math.round(contamination * excluded.length));
  const flagged = new Set(contaminants);
  let order = shuffleInPlace([...normal, ...contaminants], random);
  if (options.limit !== undefined) order = order.slice(0, options.limit);
  if (order.length === 0) {
    throw new RangeError(`${protocol}: no training samples left for class ${splitClass} (${data.train.classNames[splitClass]})`);
  }
  const trainIndices = Int32Array.from(order);
  const testCount = Math.min(data.test.count, options.testLimit ?? data.test.count);
  const testIndices = Int32Array.from({ length: testCount }, (_, i) => i);
  const test = testCount === data.test.count ? data.test : selectImages(data.test, testIndices);
  return {
    protocol,
    splitClass,
    train: selectImages(data.train, trainIndices),
    trainContaminated: Uint8Array.from(order, (i) => (flagged.has(i) ? 1 : 0)),
    trainIndices,
    test,
    novel: Uint8Array.from(test.labels, (label) => (isNovel(label) ? 1 : 0)),
    testIndices,
  };
}

/**
 * Multiple-inlier, single-outlier split (the reference's default): train on every class except
 * `novelClass`; test on the whole official test set, where the novel class is positive.
 *
 * @param novelClass - index or name of the novel class
 */
export function miso<T extends Uint8Array | Float32Array>(
  data: TrainTestSets<T>,
  novelClass: number | string,
  options: NoveltySplitOptions = {},
): NoveltySplit<T> {
  const c = resolveClass(data.train.classNames, novelClass);
  return noveltySplit(data, 'miso', c, (label) => label === c, options);
}

/**
 * Single-inlier, multiple-outlier split: train on `inlierClass` only; test on the whole official test set,
 * where every other class is positive.
 *
 * @param inlierClass - index or name of the one normal class
 */
export function simo<T extends Uint8Array | Float32Array>(
  data: TrainTestSets<T>,
  inlierClass: number | string,
  options: NoveltySplitOptions = {},
): NoveltySplit<T> {
  const c = resolveClass(data.train.classNames, inlierClass);
  return noveltySplit(data, 'simo', c, (label) => label !== c, options);
}

/** Options of {@link selectionSplit}. */
export interface SelectionSplitOptions {
  /** Fraction of every stratum held out for selection. Default 0.2. */
  readonly fraction?: number;
  /** Seed of the draw. Default 0. */
  readonly seed?: number;
}

/** Two disjoint index sets that together cover the test set, each sorted ascending. */
export interface SelectionSplit {
  /** Indices for choosing hyper-parameters (K, alpha, latent size, thresholds). */
  readonly selection: Int32Array;
  /** Indices on which results are reported. */
  readonly evaluation: Int32Array;
}

/**
 * Splits a test set into a selection part (default 20%) for choosing hyper-parameters and a disjoint
 * evaluation part for reporting, so that nothing is tuned on the numbers that are reported. The draw is
 * seeded and stratified by novelty flag and, when given, by class: each stratum of n samples sends
 * round(fraction * n) to selection, clamped so that a stratum of two or more samples has at least one in
 * each part.
 *
 * @param truth - `novel` flags of the test samples (1 = positive) and optionally their class labels
 */
export function selectionSplit(truth: { readonly novel: Uint8Array; readonly labels?: Int32Array }, options: SelectionSplitOptions = {}): SelectionSplit {
  const { novel, labels } = truth;
  const { fraction = 0.2, seed = 0 } = options;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`selectionSplit: fraction must be in (0, 1), got ${fraction}`);
  if (labels !== undefined && labels.length !== novel.length) {
    throw new RangeError(`selectionSplit: ${labels.length} labels for ${novel.length} novel flags`);
  }
  const strata = new Map<string, number[]>();
  for (let i = 0; i < novel.length; i++) {
    const key = `${novel[i]}:${labels === undefined ? 0 : labels[i]}`;
    const members = strata.get(key);
    if (members) members.push(i);
    else strata.set(key, [i]);
  }
  const random = createRandom(seed);
  const inSelection = new Uint8Array(novel.length);
  for (const key of [...strata.keys()].sort()) {
    const members = shuffleInPlace(strata.get(key) ?? [], random);
    const n = members.length;
    const take = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(fraction * n))) : 0;
    for (let i = 0; i < take; i++) inSelection[members[i]] = 1;
  }
  const all = Int32Array.from({ length: novel.length }, (_, i) => i);
  return {
    selection: all.filter((i) => inSelection[i] === 1),
    evaluation: all.filter((i) => inSelection[i] === 0),
  };
}

/** Part of a test set with its ground truth, as {@link testSubset} returns it. */
export interface TestSubset<T extends Uint8Array | Float32Array> {
  /** The chosen test images. */
  readonly test: ImageSet<T>;
  /** Their ground truth: 1 = novel. */
  readonly novel: Uint8Array;
}

/** The part of a {@link NoveltySplit}'s test set at `indices` (e.g. a {@link SelectionSplit} part), with its flags. */
export function testSubset<T extends Uint8Array | Float32Array>(split: NoveltySplit<T>, indices: ArrayLike<number>): TestSubset<T> {
  return { test: selectImages(split.test, indices), novel: selectValues(split.novel, indices) };
}
