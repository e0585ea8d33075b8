import type * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@nln/datasets';
import type { ModelKind } from './models/model-kinds';

// Also exported from here, where the backend's test utilities take it.
export type { ModelKind } from './models/model-kinds';

/**
 * What the rest of the workspace needs from a trained autoencoder. Every method takes a batch,
 * returns new tensors that the caller disposes, and leaves no other tensors behind.
 */
export interface Autoencoder {
  /** Which of the paper's models this is. */
  readonly kind: ModelKind;
  /** Shape of one input image. */
  readonly inputShape: ImageShape;
  /** Size L of the latent vector z. */
  readonly latentDim: number;
  /** f(x): images `[N,H,W,C]` in [0,1] to latents `[N,L]` (the VAE returns its mean). */
  encode(x: tf.Tensor4D): tf.Tensor2D;
  /** g(z): latents `[N,L]` to reconstructions `[N,H,W,C]`. */
  decode(z: tf.Tensor2D): tf.Tensor4D;
  /** g(f(x)), deterministic (the VAE decodes its mean). */
  reconstruct(x: tf.Tensor4D): tf.Tensor4D;
  /** AE-res only: the image discriminator's features q(x), `[N,L]` (Eq. 7). */
  discriminatorFeatures?(x: tf.Tensor4D): tf.Tensor2D;
  /** AE-con only: the second encoder f_con(x), `[N,L]` (Eq. 8). */
  consistencyEncode?(x: tf.Tensor4D): tf.Tensor2D;
}
