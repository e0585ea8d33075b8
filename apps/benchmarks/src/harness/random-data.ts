import { createRandom } from '@nln/datasets';

/**
 * `count` uniform floats in [0, scale) from a seeded generator, so that every engine in a comparison
 * is timed on the same inputs.
 */
export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = random() * scale;
  return out;
}
