/** A small seeded generator (mulberry32) so test data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` uniform values in [-1, 1) from a seeded generator. */
export function randomVectors(length: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = next() * 2 - 1;
  return values;
}
