import * as tf from '@tensorflow/tfjs';
import type { Autoencoder, ModelKind } from '@nln/models';
import { randomVectors } from './random';

/** Weights of a {@link FakeAutoencoder}; matrices are row-major. */
export interface FakeAutoencoderSpec {
  readonly kind?: ModelKind;
  readonly inputShape: readonly [number, number, number];
  readonly latentDim: number;
  /** Encoder matrix `[P, L]`, P = H * W * C: z = x W. */
  readonly encoder: ArrayLike<number>;
  /** Decoder matrix `[L, P]`: x̂ = V z, through a sigmoid when `sigmoid` is set. */
  readonly decoder: ArrayLike<number>;
  readonly sigmoid?: boolean;
  /** Discriminator feature matrix `[P, Hq]`: q(x) = x Q. Present only for AE-res-like fakes. */
  readonly discriminator?: ArrayLike<number>;
  readonly discriminatorDim?: number;
  /** Consistency encoder `[P, L]`: f_con(x) = x F. Present only for AE-con-like fakes. */
  readonly consistency?: ArrayLike<number>;
}

/** A deterministic linear autoencoder built from fixed matrices, for hand-computable tests. */
export class FakeAutoencoder implements Autoencoder {
  readonly kind: ModelKind;
  readonly inputShape: readonly [number, number, number];
  readonly latentDim: number;
  readonly discriminatorFeatures?: (x: tf.Tensor4D) => tf.Tensor2D;
  readonly consistencyEncode?: (x: tf.Tensor4D) => tf.Tensor2D;
  private readonly weights: tf.Tensor2D[] = [];
  private readonly size: number;
  private readonly sigmoid: boolean;
  private readonly w: tf.Tensor2D;
  private readonly v: tf.Tensor2D;

  constructor(spec: FakeAutoencoderSpec) {
    this.kind = spec.kind ?? 'ae';
    this.inputShape = spec.inputShape;
    this.latentDim = spec.latentDim;
    this.size = spec.inputShape[0] * spec.inputShape[1] * spec.inputShape[2];
    this.sigmoid = spec.sigmoid ?? false;
    this.w = this.matrix(spec.encoder, this.size, spec.latentDim);
    this.v = this.matrix(spec.decoder, spec.latentDim, this.size);
    if (spec.discriminator !== undefined) {
      const q = this.matrix(spec.discriminator, this.size, spec.discriminatorDim ?? spec.latentDim);
      this.discriminatorFeatures = (x) => tf.tidy(() => tf.matMul(this.flat(x), q));
    }
    if (spec.consistency !== undefined) {
      const f = this.matrix(spec.consistency, this.size, spec.latentDim);
      this.consistencyEncode = (x) => tf.tidy(() => tf.matMul(this.flat(x), f));
    }
  }

  private matrix(values: ArrayLike<number>, rows: number, cols: number): tf.Tensor2D {
    const m = tf.tensor2d(Float32Array.from(values), [rows, cols]);
    this.weights.push(m);
    return m;
  }

  private flat(x: tf.Tensor4D): tf.Tensor2D {
    return tf.reshape(x, [x.shape[0], this.size]);
  }

  encode(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => tf.matMul(this.flat(x), this.w));
  }

  decode(z: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => {
      const linear = tf.matMul(z, this.v);
      const out = this.sigmoid ? tf.sigmoid(linear) : linear;
      return tf.reshape(out, [z.shape[0], ...this.inputShape]) as tf.Tensor4D;
    });
  }

  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  dispose(): void {
    tf.dispose(this.weights);
  }
}

/** A fake with seeded random weights (sigmoid decoder), optionally with q and f_con. */
export function randomFakeAutoencoder(
  seed: number,
  inputShape: readonly [number, number, number],
  latentDim: number,
  extras: { kind?: ModelKind; discriminator?: boolean; consistency?: boolean } = {},
): FakeAutoencoder {
  const size = inputShape[0] * inputShape[1] * inputShape[2];
  return new FakeAutoencoder({
    kind: extras.kind,
    inputShape,
    latentDim,
    encoder: randomVectors(size * latentDim, seed),
    decoder: randomVectors(latentDim * size, seed + 1),
    sigmoid: true,
    discriminator: extras.discriminator ? randomVectors(size * 3, seed + 2) : undefined,
    discriminatorDim: 3,
    consistency: extras.consistency ? randomVectors(size * latentDim, seed + 3) : undefined,
  });
}

/** `count` seeded images of `size` values in [0, 1). */
export function randomImages(count: number, size: number, seed: number): Float32Array {
  return randomVectors(count * size, seed).map((v) => (v + 1) / 2);
}
