import { mapBatches, type Autoencoder } from '@nln/models';
import { createLatentIndex } from '../latent-index/create-latent-index';
import type { FeatureSpace } from './feature-space';
import { checkFinite, trainingBatch, type TrainingImages } from './image-batches';
import { createNeighbourCache, setCacheRows, type NeighbourCache } from './neighbour-cache';
import type { NeighbourSource, NlnScorerOptions, NlnScorerState } from './types';

/** What a scorer keeps of its training set: the latents, their index and (when cached) each sample's neighbour side. */
export type TrainingSet = Pick<NlnScorerState, 'trainLatents' | 'trainCount' | 'cache' | 'cacheFeatureSize' | 'index'>;

/** Settings of {@link encodeTrainingSet}, already checked by the caller. */
export interface TrainingSetOptions extends Pick<NlnScorerOptions, 'indexKind' | 'approximate' | 'log' | 'onProgress'> {
  /** Images per model call. */
  readonly batchSize: number;
  /** Whether to cache the neighbour side, and as floats or bytes. */
  readonly neighbourSource: NeighbourSource;
}

/**
 * Encodes `count` training images batch by batch (a `TrainingSource` is read in order, never held
 * whole), keeps their latents in a latent index and, when the feature space's neighbour side can be
 * cached and the source is not `decode`, fills the neighbour cache with the features of each
 * reconstruction (floats, or bytes quantised per row).
 */
export async function encodeTrainingSet(
  model: Autoencoder,
  images: TrainingImages,
  count: number,
  space: FeatureSpace,
  options: TrainingSetOptions,
): Promise<TrainingSet> {
  // Made first, so that an unknown kind or a missing faiss fails before any model pass.
  const index = createLatentIndex({ kind: options.indexKind ?? 'auto', approximate: options.approximate, log: options.log });
  const latentDim = model.latentDim;
  const trainLatents = new Float32Array(count * latentDim);
  const cached = options.neighbourSource !== 'decode' && space.cacheable;
  let cache: NeighbourCache | null = null;
  let cacheFeatureSize = 0;
  try {
    await mapBatches(
      {
        count,
        read: (start, end) => trainingBatch(images, model.inputShape, start, end),
        run: (x) => (cached ? [model.encode(x), space.imageFeatures(model.reconstruct(x))] : [model.encode(x)]),
        take: ([z, features], start) => {
          checkFinite(z.values, 'NlnScorer.build: the encoder');
          trainLatents.set(z.values, start * latentDim);
          if (features === undefined) return;
          if (cache === null) {
            cacheFeatureSize = features.itemShape[0];
            cache = createNeighbourCache(count, cacheFeatureSize, options.neighbourSource === 'cache-uint8');
          }
          setCacheRows(cache, start, features.values, cacheFeatureSize);
        },
      },
      options.batchSize,
      { onProgress: (done, total) => options.onProgress?.({ phase: 'training-set', done, total }) },
    );
    index.add(trainLatents, latentDim);
  } catch (error) {
    index.dispose();
    throw error;
  }
  return { trainLatents, trainCount: count, cache, cacheFeatureSize, index };
}
