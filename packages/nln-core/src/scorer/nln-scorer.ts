import type { Autoencoder } from '@nln/models';
import { checkErrorMode, defaultErrorMode } from './error-mode';
import { featureSpace } from './feature-space';
import { countTrainingImages, type TrainingImages } from './image-batches';
import { readScorerState, writeScorerState } from './scorer-files';
import { checkState, NlnScorerCore } from './scorer-core';
import { checkOptions } from './scorer-options';
import { encodeTrainingSet } from './training-set';
import type { NlnScorerOptions, NlnScorerState } from './types';

/**
 * Scores images with a trained autoencoder by the reconstructions of their nearest latent
 * neighbours in the training set (the NLN algorithm).
 *
 * Build it from the model and the training images, {@link NlnScorer.calibrate} it on a selection
 * split to fix K, alpha and the normalisation constants, then {@link NlnScorer.score} any number of
 * images: with fixed constants a score depends only on its own image, not on what it is scored with.
 * {@link NlnScorer.scoreGrid} gives the paper's evaluation (every K and alpha, min-max over the set).
 * Every method checks its arguments before any model pass. The scoring itself is {@link NlnScorerCore}'s,
 * shared with the browser entry; this class adds building, saving and loading.
 *
 * ```ts
 * const scorer = await NlnScorer.build(model, trainImages);
 * await scorer.calibrate(selectionImages, { k: 5, alpha: 0.9 });
 * const { samples } = await scorer.score(newImages);
 * await scorer.save('runs/mnist-ae/scorer');
 * ```
 */
export class NlnScorer extends NlnScorerCore {
  /**
   * Encodes the training images, keeps their latents in a latent index and (with the default
   * `cache` source) their reconstructions or the q / f_con features of those reconstructions. The
   * training images may be a `TrainingSource` (read batch by batch, in order, never held whole).
   */
  static async build(model: Autoencoder, trainImages: TrainingImages, options: NlnScorerOptions = {}): Promise<NlnScorer> {
    const batchSize = checkOptions(options, 'NlnScorer.build');
    const errorMode = options.errorMode ?? defaultErrorMode(model);
    checkErrorMode(model, errorMode);
    const featureConsistency = options.featureConsistency ?? 'paper';
    const neighbourSource = options.neighbourSource ?? 'cache';
    const count = countTrainingImages(trainImages, model.inputShape, 'NlnScorer.build training images');
    if (count === 0) throw new RangeError('NlnScorer.build: no training images');
    const space = featureSpace(model, errorMode, featureConsistency);
    const training = await encodeTrainingSet(model, trainImages, count, space, { ...options, batchSize, neighbourSource });
    const state: NlnScorerState = { errorMode, featureConsistency, neighbourSource, ...training, calibration: null, threshold: null, recall: null };
    return new NlnScorer(model, state, options, batchSize);
  }

  /**
   * Loads a scorer saved with {@link NlnScorer.save} for `model`; errors name a missing or corrupt
   * file or a mismatch with the model (kind, input shape, latent size).
   */
  static async load(dir: string, model: Autoencoder, options: NlnScorerOptions = {}): Promise<NlnScorer> {
    checkOptions(options, 'NlnScorer.load');
    return NlnScorer.fromState(model, await readScorerState(dir, model, options), options);
  }

  /**
   * Saves the state (latent index, training latents, neighbour cache, calibration constants, K,
   * alpha, threshold, settings and alpha convention) into `dir`, each file atomically.
   */
  save(dir: string): Promise<void> {
    return writeScorerState(dir, this.snapshot, this.model);
  }

  /** Wraps a state (for example one restored from disk); checks it and the options against the model. */
  static override fromState(model: Autoencoder, state: NlnScorerState, options: NlnScorerOptions = {}): NlnScorer {
    return new NlnScorer(model, state, options, checkState(model, state, options));
  }
}
