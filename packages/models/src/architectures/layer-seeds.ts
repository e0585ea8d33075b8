import * as tf from '@tensorflow/tfjs';
import { createSeedSequence } from '../random';

/**
 * Seeded Glorot-uniform kernel initialisers, one fresh seed per layer, so that a network built
 * twice from the same seed has identical weights (biases start at zero, the tfjs default).
 */
export class LayerSeeds {
  private readonly next: () => number;

  /** Starts a sequence of per-layer seeds from `seed`. */
  constructor(seed: number) {
    this.next = createSeedSequence(seed);
  }

  /** A Glorot-uniform initialiser with the next seed of the sequence. */
  glorot(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: this.next() });
  }
}
