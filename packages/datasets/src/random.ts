/** A source of uniform random numbers in [0, 1), like `Math.random` but seeded and reproducible. */
export type Random = () => number;

/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32). The same seed always gives
 * the same stream, on every platform, so shuffles and splits built on it are reproducible.
 *
 * @param seed - an integer; only its low 32 bits are used
 */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`createRandom: seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform random integer in `[0, n)` drawn from `random`. */
export function randomInt(random: Random, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`randomInt: n must be a positive integer, got ${n}`);
  return Math.floor(random() * n);
}

/** Writable, indexable sequences that {@link shuffleInPlace} can permute (arrays and typed arrays). */
export interface MutableSequence<T> {
  /** Number of items. */
  readonly length: number;
  [index: number]: T;
}

/**
 * Shuffles `items` in place with the Fisher-Yates algorithm and returns it. Every permutation is equally
 * likely; the same `random` stream gives the same permutation.
 */
export function shuffleInPlace<S extends MutableSequence<unknown>>(items: S, random: Random): S {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A random permutation of `0 .. n-1`. */
export function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, random);
}
