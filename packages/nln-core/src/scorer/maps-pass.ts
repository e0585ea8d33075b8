import type * as tf from '@tensorflow/tfjs';
import { mapBatches } from '@nln/models';
import { distanceMap, nlnErrorMap, reconstructionErrorMap } from '../scores/error-maps';
import { meanOfFirstK } from '../scores/neighbour-error';
import { batchTensor, type ScorerImages } from './image-batches';
import type { PassContext } from './neighbour-pass';
import type { ErrorMaps } from './types';

/**
 * Per-pixel maps of `count` images with their `k` neighbours: batch by batch, encodes and reconstructs,
 * searches the batch's latents and gets the neighbours' reconstructions (from the cache when it holds
 * them), then builds the NLN error, reconstruction error and distance maps. Holds `count * (k + 1)` images.
 */
export async function mapsPass(context: PassContext, images: ScorerImages, count: number, k: number): Promise<ErrorMaps> {
  const { model, space, training, index } = context;
  const shape = model.inputShape;
  const size = shape[0] * shape[1] * shape[2];
  const reconstructions = new Float32Array(count * size);
  const neighbourReconstructions = new Float32Array(count * k * size);
  const distances = new Float32Array(count * k);
  const indices = new Int32Array(count * k);
  await mapBatches(
    {
      count,
      read: (start, end) => batchTensor(images, shape, start, end),
      run: (x) => [model.encode(x), model.reconstruct(x)],
      take: async ([z, xHat], start) => {
        const found = await index.search(z.values, k);
        reconstructions.set(xHat.values, start * size);
        neighbourReconstructions.set(await readAndDispose(space.neighbourImages(found.indices, training)), start * k * size);
        distances.set(found.distances, start * k);
        indices.set(found.indices, start * k);
      },
    },
    context.batchSize,
    { onProgress: (done, total) => context.onProgress?.({ phase: 'maps', done, total }) },
  );
  const inputs = images instanceof Float32Array ? images : Float32Array.from(images, (v) => v / 255);
  const mapShape = [shape[0], shape[1], shape[2]] as const;
  return {
    k,
    size: [shape[0], shape[1]],
    nlnError: nlnErrorMap(inputs, neighbourReconstructions, mapShape, k),
    reconstruction: reconstructionErrorMap(inputs, reconstructions, mapShape),
    distance: distanceMap(meanOfFirstK(distances, k, k), mapShape),
    reconstructions,
    neighbourReconstructions,
    neighbours: { distances, indices, count, k },
  };
}

async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
