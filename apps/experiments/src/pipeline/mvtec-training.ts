/**
 * MVTec training samples streamed from the training images kept as bytes: the reference's patches, tile
 * crops and rotations planned up front from the seed (`@nln/mvtec-patching` `trainingPlan`), and cut and
 * scaled by 1/255 batch by batch when `train` or the scorer reads them. Same seed, same samples as
 * materialising `trainingSamples`.
 */
import { createRandom, type ImageShape } from '@nln/datasets';
import type { TrainingSource } from '@nln/models';
import { cutPlannedSamples, trainingPlan, type Raster, type TrainingPlan, type TrainingSampleOptions } from '@nln/mvtec-patching';

/** The MVTec training set of one class, as a plan and a source over it. */
export interface MvtecTraining {
  /** Where each sample comes from. */
  readonly plan: TrainingPlan;
  /** The first `count` planned samples, cut on demand. */
  readonly source: TrainingSource;
  /** Whether the reference's tile crops fit the working size (they need a `1.7 * patch` tile in the central 80%). */
  readonly cropsFit: boolean;
  /** Side of the crop tiles. */
  readonly tileSize: number;
}

/**
 * The `trainingSamples` options for a working size: the reference's, without tile crops when no
 * `int(1.7 * patch)` tile fits in the central 80% (small working sizes).
 */
export function mvtecSampleOptions(size: number, patchSize: number): TrainingSampleOptions {
  return Math.floor(size * 0.8) >= Math.floor(1.7 * patchSize) ? { patchSize } : { patchSize, crops: false };
}

/**
 * Plans the training samples of `images` (all `size x size`, one channel count) from `seed` and returns a
 * source of the first `limit` of them (all without `limit`), scaled by 1/255.
 */
export function mvtecTraining(images: readonly Raster<Uint8Array>[], options: { readonly patchSize: number; readonly seed: number; readonly limit?: number }): MvtecTraining {
  if (images.length === 0) throw new Error('MVTec training: no training images');
  const { height, width, channels } = images[0];
  const sampleOptions = mvtecSampleOptions(Math.min(height, width), options.patchSize);
  const plan = trainingPlan(images.length, height, width, createRandom(options.seed), sampleOptions);
  const count = options.limit === undefined ? plan.count : Math.min(options.limit, plan.count);
  const shape: ImageShape = [options.patchSize, options.patchSize, channels];
  return {
    plan,
    source: { count, shape, read: (indices, out) => cutPlannedSamples(plan, images, indices, out, 1 / 255) },
    cropsFit: sampleOptions.crops !== false,
    tileSize: Math.floor(1.7 * options.patchSize),
  };
}
