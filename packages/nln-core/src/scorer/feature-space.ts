import * as tf from '@tensorflow/tfjs';
import type { Autoencoder } from '@nln/models';
import type { FeatureConsistency, NlnErrorMode } from './error-mode';
import { gatherRows } from './image-batches';
import { gatherCacheRows } from './neighbour-cache';
import type { NlnScorerState } from './types';

/** The parts of a scorer's state the neighbour side is read from. */
export type TrainingRows = Pick<NlnScorerState, 'trainLatents' | 'cache' | 'cacheFeatureSize'>;

/**
 * The features one error mode compares, bound to a model: how the query side of a batch and the
 * neighbour side of training samples are computed, and whether the neighbour side can be cached.
 */
export interface FeatureSpace {
  /** The error mode. */
  readonly mode: NlnErrorMode;
  /** Whether the query side is the input images themselves, so a pass re-reads them instead of keeping features. */
  readonly pixelQueries: boolean;
  /** Whether the neighbour side comes from each training sample's reconstruction, so can be kept per sample. */
  readonly cacheable: boolean;
  /** Query side `[n, F]` of a batch x with latents z and reconstructions x̂: x (Eq. 4), q(x) (Eq. 7), z or f_con(x̂) (Eq. 8). */
  query(x: tf.Tensor4D, z: tf.Tensor2D, xHat: tf.Tensor4D): tf.Tensor2D;
  /** Neighbour side `[n, F]` of reconstructed or decoded images: the images, q or f_con (what a cache row holds). */
  imageFeatures(images: tf.Tensor4D): tf.Tensor2D;
  /** Neighbour side `[n, F]` of the training samples `indices`: cache rows, training latents, or decoded on demand. */
  neighbourFeatures(indices: Int32Array, training: TrainingRows): tf.Tensor2D;
  /** Neighbour reconstructions g(z_k) `[n, H, W, C]` of the training samples `indices`, from the cache when it holds them. */
  neighbourImages(indices: Int32Array, training: TrainingRows): tf.Tensor4D;
}

/** The feature space of `mode` (and, in consistency mode, of the Eq. 8 reading) for `model`. */
export function featureSpace(model: Autoencoder, mode: NlnErrorMode, featureConsistency: FeatureConsistency): FeatureSpace {
  if (mode === 'reconstruction') return reconstructionSpace(model);
  if (mode === 'residual') return residualSpace(model);
  if (mode === 'consistency') return consistencySpace(model, featureConsistency);
  throw new RangeError(`NlnScorer: unknown error mode ${String(mode)}`);
}

/** Eq. 4: pixels against the neighbours' reconstructions; a cache of reconstructions also gives the neighbour images. */
function reconstructionSpace(model: Autoencoder): FeatureSpace {
  const space = cachedSpace(model, 'reconstruction', (images) => images, (x) => x);
  return {
    ...space,
    pixelQueries: true,
    neighbourImages: (indices, training) => {
      if (training.cache === null) return decodeRows(model, training, indices);
      const [h, w, c] = model.inputShape;
      return tf.tensor4d(gatherCacheRows(training.cache, training.cacheFeatureSize, indices), [indices.length, h, w, c]);
    },
  };
}

/** Eq. 7 (AE-res): the discriminator features q of the query against q of the neighbours' reconstructions. */
function residualSpace(model: Autoencoder): FeatureSpace {
  const q = (images: tf.Tensor4D): tf.Tensor => featuresOf(model, 'discriminatorFeatures', images);
  return cachedSpace(model, 'residual', q, q);
}

/**
 * Eq. 8 (AE-con). `paper`: the query's latent z against f_con of the neighbours' reconstructions.
 * `reference-code`: f_con of the query's own reconstruction against the neighbours' latents, which the
 * training latents already hold (nothing to cache).
 */
function consistencySpace(model: Autoencoder, featureConsistency: FeatureConsistency): FeatureSpace {
  const fCon = (images: tf.Tensor4D): tf.Tensor => featuresOf(model, 'consistencyEncode', images);
  const paper = cachedSpace(model, 'consistency', fCon, (_x, z) => z);
  if (featureConsistency === 'paper') return paper;
  const latentDim = model.latentDim;
  return {
    ...paper,
    cacheable: false,
    query: (_x, _z, xHat) => flat(fCon(xHat)),
    neighbourFeatures: (indices, training) => tf.tensor2d(gatherRows(training.trainLatents, latentDim, indices), [indices.length, latentDim]),
  };
}

/** A space whose neighbour side is `features` of the neighbours' reconstructions, from the cache or decoded. */
function cachedSpace(
  model: Autoencoder,
  mode: NlnErrorMode,
  features: (images: tf.Tensor4D) => tf.Tensor,
  query: (x: tf.Tensor4D, z: tf.Tensor2D, xHat: tf.Tensor4D) => tf.Tensor,
): FeatureSpace {
  const imageFeatures = (images: tf.Tensor4D): tf.Tensor2D => flat(features(images));
  return {
    mode,
    pixelQueries: false,
    cacheable: true,
    query: (x, z, xHat) => flat(query(x, z, xHat)),
    imageFeatures,
    neighbourFeatures: (indices, training) => {
      const { cache, cacheFeatureSize } = training;
      if (cache !== null) return tf.tensor2d(gatherCacheRows(cache, cacheFeatureSize, indices), [indices.length, cacheFeatureSize]);
      return tf.tidy(() => imageFeatures(decodeRows(model, training, indices)));
    },
    neighbourImages: (indices, training) => decodeRows(model, training, indices),
  };
}

/**
 * Latents decoded per decoder call. A batch's K neighbours at once (256 patches x 10 at 128 px) held every
 * decoder layer's activations of thousands of images together, and tfjs' heap does not shrink afterwards.
 */
export const DECODE_ROWS = 64;

/** g(z) of the training latents at `indices`, decoded `rowsPerCall` at a time (the same values in one tensor). */
export function decodeRows(model: Autoencoder, training: TrainingRows, indices: Int32Array, rowsPerCall = DECODE_ROWS): tf.Tensor4D {
  const latentDim = model.latentDim;
  const latents = gatherRows(training.trainLatents, latentDim, indices);
  const decode = (start: number, end: number) =>
    tf.tidy(() => model.decode(tf.tensor2d(latents.subarray(start * latentDim, end * latentDim), [end - start, latentDim])));
  if (indices.length <= rowsPerCall) return decode(0, indices.length);
  const parts: tf.Tensor4D[] = [];
  try {
    for (let start = 0; start < indices.length; start += rowsPerCall) parts.push(decode(start, Math.min(start + rowsPerCall, indices.length)));
    return tf.concat(parts);
  } finally {
    tf.dispose(parts);
  }
}

/** `[n, ...]` as `[n, F]`. */
function flat(t: tf.Tensor): tf.Tensor2D {
  return tf.reshape(t, [t.shape[0] as number, -1]);
}

/** Calls the model's optional feature extractor as a method (keeping `this`). */
function featuresOf(model: Autoencoder, name: 'discriminatorFeatures' | 'consistencyEncode', x: tf.Tensor4D): tf.Tensor2D {
  const method = model[name];
  if (method === undefined) throw new Error(`NlnScorer: the ${model.kind} model lacks ${name}, which its error mode needs`);
  return method.call(model, x);
}
