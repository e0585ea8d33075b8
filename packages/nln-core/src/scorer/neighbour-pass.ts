import * as tf from '@tensorflow/tfjs';
import { mapBatches, type Autoencoder } from '@nln/models';
import type { LatentIndex, NeighbourResult } from '../latent-index/latent-index';
import { measureRecall, type RecallReport } from '../latent-index/recall';
import { TfjsExactSearch } from '../latent-index/tfjs-exact-search';
import { meanOfFirstK, neighbourErrorsTensor } from '../scores/neighbour-error';
import { reconstructionErrorTensor } from '../scores/reconstruction-error';
import type { ScoreTerms } from './calibration';
import type { FeatureSpace, TrainingRows } from './feature-space';
import { batchTensor, checkFinite, type ScorerImages } from './image-batches';
import type { ScorerProgress, SearchInfo } from './types';

/** What a pass over images needs from a scorer. */
export interface PassContext {
  /** The trained model. */
  readonly model: Autoencoder;
  /** The features the NLN error compares. */
  readonly space: FeatureSpace;
  /** The training latents and neighbour cache. */
  readonly training: TrainingRows;
  /** The latent index over the training latents. */
  readonly index: LatentIndex;
  /** Images per model call (checked by the scorer). */
  readonly batchSize: number;
  /** Progress of the model passes. */
  readonly onProgress?: (progress: ScorerProgress) => void;
}

/** Per-image raw results of one neighbour pass. */
export interface PassResult {
  /** Number of images. */
  readonly count: number;
  /** Their latents `[count, latentDim]`. */
  readonly latents: Float32Array;
  /** Eq. 3 per image. */
  readonly reconstruction: Float32Array;
  /** Error against each neighbour `[count, kMax]`, nearest first. */
  readonly neighbourErrors: Float32Array;
  /** The `kMax` nearest training samples of each image. */
  readonly neighbours: NeighbourResult;
}

/**
 * Encodes and reconstructs `count` images batch by batch (keeping the latents, Eq. 3 errors and, unless
 * the query side is the pixels, the query's small feature vectors), searches all latents in one call
 * (the index batches it; faiss is several times faster on large query batches), then computes the
 * per-neighbour errors batch by batch. No model output is computed twice.
 */
export async function neighbourPass(
  context: PassContext,
  images: ScorerImages,
  count: number,
  kMax: number,
  phase: ScorerProgress['phase'],
): Promise<PassResult> {
  const { model, space, training, index, batchSize } = context;
  const shape = model.inputShape;
  const latentDim = model.latentDim;
  const latents = new Float32Array(count * latentDim);
  const reconstruction = new Float32Array(count);
  let queryFeatures = new Float32Array(0);
  let featureSize = 0;
  await mapBatches(
    {
      count,
      read: (start, end) => batchTensor(images, shape, start, end),
      run: (x) => {
        const z = model.encode(x);
        const xHat = model.reconstruct(x);
        const r = reconstructionErrorTensor(x, xHat);
        return space.pixelQueries ? [z, r] : [z, r, space.query(x, z, xHat)];
      },
      take: ([z, r, query], start) => {
        checkFinite(z.values, `NlnScorer (${phase}): the encoder`);
        latents.set(z.values, start * latentDim);
        reconstruction.set(r.values, start);
        if (query === undefined) return;
        if (featureSize === 0) {
          featureSize = query.itemShape[0];
          queryFeatures = new Float32Array(count * featureSize);
        }
        queryFeatures.set(query.values, start * featureSize);
      },
    },
    batchSize,
    { onProgress: (done, total) => context.onProgress?.({ phase, done, total }) },
  );
  const neighbours = await index.search(latents, kMax);
  const neighbourErrors = new Float32Array(count * kMax);
  await mapBatches(
    {
      count,
      read: (start, end): tf.Tensor =>
        space.pixelQueries
          ? batchTensor(images, shape, start, end)
          : tf.tensor2d(queryFeatures.subarray(start * featureSize, end * featureSize), [end - start, featureSize]),
      run: (query, start, end) => {
        const neighbourSide = space.neighbourFeatures(neighbours.indices.subarray(start * kMax, end * kMax), training);
        return [neighbourErrorsTensor(query, tf.reshape(neighbourSide, [end - start, kMax, -1]))];
      },
      take: ([errors], start) => neighbourErrors.set(errors.values, start * kMax),
    },
    batchSize,
  );
  return { count, latents, reconstruction, neighbourErrors, neighbours };
}

/** The raw score terms at `k` (at most the pass's K) of a pass: Eq. 3, and the K-mean NLN error and distance. */
export function termsAtK(pass: PassResult, k: number): ScoreTerms {
  const kMax = pass.neighbours.k;
  return {
    reconstruction: pass.reconstruction,
    nlnError: meanOfFirstK(pass.neighbourErrors, kMax, k),
    distance: meanOfFirstK(pass.neighbours.distances, kMax, k),
  };
}

/**
 * Recall@k of an approximate index against exact search over the same training latents, on `queries`;
 * says it through `log`.
 */
export async function approximateRecall(context: PassContext, queries: Float32Array, k: number, log?: (message: string) => void): Promise<RecallReport> {
  const exact = new TfjsExactSearch();
  let report: RecallReport;
  try {
    exact.add(context.training.trainLatents, context.model.latentDim);
    report = await measureRecall(context.index, exact, queries, k);
  } finally {
    exact.dispose();
  }
  const name = searchInfo(context.index, null).factory ?? context.index.kind;
  log?.(`approximate latent search (${name}): recall@${k} = ${report.recall.toFixed(4)} on ${report.queries} selection images`);
  return report;
}

/** How `index` searches, with an approximate index's recall once measured. */
export function searchInfo(index: LatentIndex, recall: RecallReport | null): SearchInfo {
  const factory = 'factory' in index ? (index as { factory: string }).factory : undefined;
  return {
    kind: index.kind,
    exact: index.exact,
    ...(factory === undefined ? {} : { factory }),
    ...(recall === null ? {} : { recall }),
  };
}
