import { createRandom } from '@nln/datasets';

/**
 * A generator of integer seeds in [0, 2^31), drawn from the datasets package's seeded generator, for
 * seeding tfjs initialisers and random ops reproducibly.
 */
export function createSeedSequence(seed: number): () => number {
  const random = createRandom(seed);
  return () => Math.floor(random() * 2147483648);
}
