/**
 * Seeded pseudo-random numbers for reproducible initialisation, shuffling and sampling.
 *
 * Mulberry32: a 32-bit state generator, fast and good enough for shuffles and seed derivation
 * (not for cryptography).
 */

/** A function returning uniform numbers in [0, 1), deterministic for a given seed. */
export type Rng = () => number;

/** A seeded uniform generator on [0, 1) (mulberry32). Equal seeds give equal sequences. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of integer seeds in [0, 2^31), for seeding tfjs initialisers and random ops. */
export function createSeedSequence(seed: number): () => number {
  const rng = createRng(seed);
  return () => Math.floor(rng() * 2147483648);
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates) drawn from `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
