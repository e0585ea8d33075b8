import * as tf from '@tensorflow/tfjs';
import type { Autoencoder } from '@nln/models';
import { createLatentIndex, type LatentIndexChoice } from '../latent-index/create-latent-index';
import type { LatentIndex, NeighbourResult } from '../latent-index/latent-index';
import { measureRecall, type RecallReport } from '../latent-index/recall';
import { TfjsExactIndex } from '../latent-index/tfjs-exact-index';
import { checkAlpha, combineScores, ALPHA_CONVENTION, type AlphaConvention } from '../scores/combined-score';
import { distanceMap, nlnErrorMap, reconstructionErrorMap } from '../scores/error-maps';
import { meanOfFirstK, neighbourErrorsTensor } from '../scores/neighbour-error';
import { applyMinMax, fitMinMax, minMaxNormalise, type MinMax } from '../scores/normalisation';
import { reconstructionErrorTensor } from '../scores/reconstruction-error';
import { sweepScores, type ScoreSweep } from '../scores/score-sweep';
import { thresholdForFalsePositiveRate } from '../scores/threshold';
import { checkErrorMode, defaultErrorMode, FEATURE_CONSISTENCY_VARIANTS, type FeatureConsistency, type NlnErrorMode } from './error-mode';
import { batchTensor, countImages, countTrainingImages, gatherRows, trainingBatch, type ScorerImages, type TrainingImages } from './image-batches';
import { createNeighbourCache, gatherCacheRows, setCacheRows, type NeighbourCache } from './neighbour-cache';
import { loadNlnScorer, saveNlnScorer } from './scorer-files';

/** Every {@link NeighbourSource}. */
export const NEIGHBOUR_SOURCES = ['cache', 'cache-uint8', 'decode'] as const;

/** Where the neighbours' reconstructions g(z_k) come from (see `NlnScorerOptions.neighbourSource`). */
export type NeighbourSource = (typeof NEIGHBOUR_SOURCES)[number];

/** Progress of a long pass, counted in images. */
export interface ScorerProgress {
  /** Which pass: encoding the training set, calibrating, scoring, or computing maps. */
  readonly phase: 'training-set' | 'calibration' | 'scoring' | 'maps';
  /** Images done. */
  readonly done: number;
  /** Images in the pass. */
  readonly total: number;
}

/** Options of {@link NlnScorer.build} and {@link NlnScorer.load}. */
export interface NlnScorerOptions {
  /** Features the NLN error compares; default from the model kind (AE-res residual, AE-con consistency). */
  readonly errorMode?: NlnErrorMode;
  /** Reading of Eq. 8 in consistency mode; default `paper`. */
  readonly featureConsistency?: FeatureConsistency;
  /**
   * `cache` (default, as the reference): keep the training set's reconstructions (or their q / f_con
   * features) and gather the neighbours' rows. `cache-uint8`: the same rows kept as one byte per value,
   * quantised over each row's range (a quarter of the memory; each value off by at most 1/510 of its
   * row's range, see `QuantisedRows`). `decode`: decode the neighbours' latents on demand, which needs
   * no cache memory but one decoder pass per neighbour.
   */
  readonly neighbourSource?: NeighbourSource;
  /** Latent index implementation; default `auto` (faiss where available). */
  readonly indexKind?: LatentIndexChoice;
  /**
   * A faiss factory string (for example `HNSW32`) for approximate search. Explicit only; its recall
   * against exact search is measured on the selection split in {@link NlnScorer.calibrate} and reported.
   */
  readonly approximate?: string;
  /** Images per model call; default 256. */
  readonly batchSize?: number;
  /** One-line notices (index fallback, approximate recall). */
  readonly log?: (message: string) => void;
  /** Progress of long passes. */
  readonly onProgress?: (progress: ScorerProgress) => void;
}

/** Fixed normalisation constants and the chosen K and alpha, from a selection split. */
export interface Calibration {
  /** Number of neighbours. */
  readonly k: number;
  /** Weight of the NLN error (see {@link ALPHA_CONVENTION}). */
  readonly alpha: number;
  /** Min and max of each raw term over the selection split. */
  readonly constants: {
    readonly reconstruction: MinMax;
    readonly nlnError: MinMax;
    readonly distance: MinMax;
  };
  /** Number of selection images the constants came from. */
  readonly selectionCount: number;
}

/** What {@link NlnScorer.calibrate} fixes. */
export interface CalibrationChoice {
  /** Number of neighbours. */
  readonly k: number;
  /** Weight of the NLN error (see {@link ALPHA_CONVENTION}). */
  readonly alpha: number;
  /**
   * Also set the decision threshold so that at most this share of the selection images (assumed
   * normal) score at or above it. Leave out to set a threshold yourself with `setThreshold`.
   */
  readonly falsePositiveRate?: number;
}

/** A decision threshold on the score: a sample is novel when its score is at least `value`. */
export interface DecisionThreshold {
  /** Threshold on the combined score. */
  readonly value: number;
  /** How it was chosen, for example `youden-on-selection` or `fpr<=0.05-on-selection`. */
  readonly method: string;
}

/** How the neighbours were searched. */
export interface SearchInfo {
  /** Index implementation. */
  readonly kind: LatentIndex['kind'];
  /** Whether the search is exact. */
  readonly exact: boolean;
  /** faiss factory string of an approximate index. */
  readonly factory?: string;
  /** Recall of an approximate index against exact search, once measured. */
  readonly recall?: RecallReport;
}

/** One image's result from {@link NlnScorer.score}. */
export interface SampleScore {
  /** Eq. 3, mean |x - x̂|. */
  readonly reconstruction: number;
  /** NLN error: mean over the K neighbours of the mean |features(x) - features(g(z_k))|. */
  readonly nlnError: number;
  /** Mean Euclidean latent distance to the K neighbours. */
  readonly distance: number;
  /** Each term normalised with the fixed calibration constants (not clipped to [0, 1]). */
  readonly normalised: { readonly reconstruction: number; readonly nlnError: number; readonly distance: number };
  /** alpha * nlnError' + (1 - alpha) * distance'. */
  readonly score: number;
  /** `score >= threshold` when a threshold is set, else null. */
  readonly decision: boolean | null;
  /** The K nearest training samples, nearest first. */
  readonly neighbours: Int32Array;
  /** Their Euclidean latent distances, ascending. */
  readonly neighbourDistances: Float32Array;
}

/** What every scorer result records about how it was computed. */
export interface ScoreSettings {
  /** See {@link ALPHA_CONVENTION}. */
  readonly alphaConvention: AlphaConvention;
  /** Features the NLN error compares. */
  readonly errorMode: NlnErrorMode;
  /** Reading of Eq. 8 (meaningful in consistency mode). */
  readonly featureConsistency: FeatureConsistency;
  /** Where neighbour reconstructions came from. */
  readonly neighbourSource: NeighbourSource;
  /** How neighbours were searched. */
  readonly search: SearchInfo;
}

/** Result of {@link NlnScorer.score}: fixed normalisation, so independent of the batch. */
export interface ScoreReport extends ScoreSettings {
  /** Always `fixed-from-selection`. */
  readonly normalisation: 'fixed-from-selection';
  /** Neighbours used. */
  readonly k: number;
  /** Weight of the NLN error. */
  readonly alpha: number;
  /** The decision threshold, if set. */
  readonly threshold: DecisionThreshold | null;
  /** One entry per image, in input order. */
  readonly samples: readonly SampleScore[];
}

/** Result of {@link NlnScorer.scoreGrid}: every (K, alpha), min-max over the scored set as in the paper. */
export interface ScoreGrid extends ScoreSweep, ScoreSettings {
  /** Eq. 3 per image (raw). */
  readonly reconstruction: Float32Array;
  /** Eq. 3 min-max normalised over the scored set. */
  readonly reconstructionNormalised: Float32Array;
  /** Neighbours searched once with the largest K. */
  readonly neighbours: NeighbourResult;
}

/** Result of {@link NlnScorer.errorMaps}: per-sample maps `[n, H, W]` and the images behind them. */
export interface ErrorMaps {
  /** Neighbours used. */
  readonly k: number;
  /** Map height and width. */
  readonly size: readonly [height: number, width: number];
  /** Channel mean of the K-mean |x - g(z_k)|, per pixel. */
  readonly nlnError: Float32Array;
  /** Channel mean of |x - x̂|, per pixel. */
  readonly reconstruction: Float32Array;
  /** Each sample's mean latent distance, broadcast over its pixels. */
  readonly distance: Float32Array;
  /** x̂, flat NHWC `[n, H, W, C]`. */
  readonly reconstructions: Float32Array;
  /** g(z_k) of each sample's neighbours, flat `[n, k, H, W, C]`. */
  readonly neighbourReconstructions: Float32Array;
  /** The neighbours. */
  readonly neighbours: NeighbourResult;
}

/** Everything a scorer holds besides the model; what {@link NlnScorer.save} writes. */
export interface NlnScorerState {
  /** Features the NLN error compares. */
  readonly errorMode: NlnErrorMode;
  /** Reading of Eq. 8. */
  readonly featureConsistency: FeatureConsistency;
  /** Cache or on-demand decoding. */
  readonly neighbourSource: NeighbourSource;
  /** Training latents `[trainCount, latentDim]`. */
  readonly trainLatents: Float32Array;
  /** Number of training samples. */
  readonly trainCount: number;
  /** Neighbour-side features of the training set `[trainCount, cacheFeatureSize]` (floats or quantised bytes), or null. */
  readonly cache: NeighbourCache | null;
  /** Length of one cache row (0 without a cache). */
  readonly cacheFeatureSize: number;
  /** The latent index over `trainLatents`. */
  readonly index: LatentIndex;
  /** Calibration, once done. */
  readonly calibration: Calibration | null;
  /** Decision threshold, once set. */
  readonly threshold: DecisionThreshold | null;
  /** Recall of an approximate index, once measured. */
  readonly recall: RecallReport | null;
}

/** Per-image raw results of one neighbour pass. */
interface PassResult {
  readonly count: number;
  readonly latents: Float32Array;
  readonly reconstruction: Float32Array;
  readonly neighbourErrors: Float32Array;
  readonly neighbours: NeighbourResult;
}

const DEFAULT_BATCH = 256;

/**
 * Scores images with a trained autoencoder by the reconstructions of their nearest latent
 * neighbours in the training set (the NLN algorithm).
 *
 * Build it from the model and the training images, {@link NlnScorer.calibrate} it on a selection
 * split to fix K, alpha and the normalisation constants, then {@link NlnScorer.score} any number of
 * images: with fixed constants a score depends only on its own image, not on what it is scored with.
 * {@link NlnScorer.scoreGrid} gives the paper's evaluation (every K and alpha, min-max over the set).
 *
 * ```ts
 * const scorer = await NlnScorer.build(model, trainImages);
 * await scorer.calibrate(selectionImages, { k: 5, alpha: 0.9 });
 * const { samples } = await scorer.score(newImages);
 * await scorer.save('runs/mnist-ae/scorer');
 * ```
 */
export class NlnScorer {
  private calibrationState: Calibration | null;
  private thresholdState: DecisionThreshold | null;
  private recallState: RecallReport | null;
  private readonly batchSize: number;

  private constructor(
    /** The trained model. */
    readonly model: Autoencoder,
    private readonly state: NlnScorerState,
    private readonly options: NlnScorerOptions,
  ) {
    this.calibrationState = state.calibration;
    this.thresholdState = state.threshold;
    this.recallState = state.recall;
    const batch = options.batchSize ?? DEFAULT_BATCH;
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`NlnScorer: batchSize must be a positive integer, got ${batch}`);
    this.batchSize = batch;
  }

  /**
   * Encodes the training images, keeps their latents in a latent index and (with the default
   * `cache` source) their reconstructions or the q / f_con features of those reconstructions. The
   * training images may be a `TrainingSource` (read batch by batch, in order, never held whole).
   */
  static async build(model: Autoencoder, trainImages: TrainingImages, options: NlnScorerOptions = {}): Promise<NlnScorer> {
    const errorMode = options.errorMode ?? defaultErrorMode(model);
    checkErrorMode(model, errorMode);
    const featureConsistency = options.featureConsistency ?? 'paper';
    if (!(FEATURE_CONSISTENCY_VARIANTS as readonly string[]).includes(featureConsistency)) {
      throw new RangeError(`NlnScorer: featureConsistency must be one of ${FEATURE_CONSISTENCY_VARIANTS.join(', ')}, got ${String(featureConsistency)}`);
    }
    const neighbourSource = options.neighbourSource ?? 'cache';
    if (!NEIGHBOUR_SOURCES.includes(neighbourSource)) {
      throw new RangeError(`NlnScorer: neighbourSource must be one of ${NEIGHBOUR_SOURCES.join(', ')}, got ${String(neighbourSource)}`);
    }
    const count = countTrainingImages(trainImages, model.inputShape, 'NlnScorer.build training images');
    if (count === 0) throw new RangeError('NlnScorer.build: no training images');
    const needsCache = neighbourSource !== 'decode' && !(errorMode === 'consistency' && featureConsistency === 'reference-code');
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    const latents = new Float32Array(count * model.latentDim);
    let cache: NeighbourCache | null = null;
    let cacheFeatureSize = 0;
    for (let start = 0; start < count; start += batchSize) {
      const end = Math.min(count, start + batchSize);
      const x = await trainingBatch(trainImages, model.inputShape, start, end);
      let z: tf.Tensor2D;
      let features: tf.Tensor | null = null;
      try {
        [z, features = null] = tf.tidy(() => {
          const z = model.encode(x);
          return needsCache ? [z, tf.reshape(imageFeatures(model, errorMode, model.reconstruct(x)), [end - start, -1])] : [z];
        }) as [tf.Tensor2D, tf.Tensor?];
      } finally {
        x.dispose();
      }
      const zValues = await readAndDispose(z);
      checkFinite(zValues, 'NlnScorer.build: the encoder');
      latents.set(zValues, start * model.latentDim);
      if (features !== null) {
        const size = features.shape[1] as number;
        const values = await readAndDispose(features);
        if (cache === null) {
          cacheFeatureSize = size;
          cache = createNeighbourCache(count, size, neighbourSource === 'cache-uint8');
        }
        setCacheRows(cache, start, values, size);
      }
      options.onProgress?.({ phase: 'training-set', done: end, total: count });
    }
    const index = createLatentIndex({ kind: options.indexKind ?? 'auto', approximate: options.approximate, log: options.log });
    index.add(latents, model.latentDim);
    const state: NlnScorerState = {
      errorMode,
      featureConsistency,
      neighbourSource,
      trainLatents: latents,
      trainCount: count,
      cache,
      cacheFeatureSize,
      index,
      calibration: null,
      threshold: null,
      recall: null,
    };
    return new NlnScorer(model, state, options);
  }

  /**
   * Loads a scorer saved with {@link NlnScorer.save} for `model`; errors name a missing or corrupt
   * file or a mismatch with the model (kind, input shape, latent size).
   */
  static load(dir: string, model: Autoencoder, options: NlnScorerOptions = {}): Promise<NlnScorer> {
    return loadNlnScorer(dir, model, options);
  }

  /**
   * Saves the state (latent index, training latents, neighbour cache, calibration constants, K,
   * alpha, threshold, settings and alpha convention) into `dir`, each file atomically.
   */
  save(dir: string): Promise<void> {
    return saveNlnScorer(this, dir);
  }

  /** Wraps a state restored from disk (see `loadNlnScorer`); checks it against the model. */
  static fromState(model: Autoencoder, state: NlnScorerState, options: NlnScorerOptions = {}): NlnScorer {
    checkErrorMode(model, state.errorMode);
    if (state.index.dim !== model.latentDim || state.index.size !== state.trainCount) {
      throw new RangeError(
        `NlnScorer: the latent index holds ${state.index.size} vectors of dimension ${state.index.dim}, expected ${state.trainCount} of ${model.latentDim}`,
      );
    }
    return new NlnScorer(model, state, options);
  }

  /** The scorer's state (for saving); arrays are shared, not copied. */
  get snapshot(): NlnScorerState {
    return { ...this.state, calibration: this.calibrationState, threshold: this.thresholdState, recall: this.recallState };
  }

  /** The calibration, or null before {@link NlnScorer.calibrate}. */
  get calibration(): Calibration | null {
    return this.calibrationState;
  }

  /** The decision threshold, or null. */
  get threshold(): DecisionThreshold | null {
    return this.thresholdState;
  }

  /** Sets (or clears, with null) the decision threshold on the combined score. */
  setThreshold(threshold: DecisionThreshold | null): void {
    if (threshold !== null && (!Number.isFinite(threshold.value) || typeof threshold.method !== 'string' || threshold.method === '')) {
      throw new RangeError('NlnScorer.setThreshold: the threshold needs a finite value and a method name');
    }
    this.thresholdState = threshold;
  }

  /** How neighbours are searched (with the approximate index's recall once measured). */
  get search(): SearchInfo {
    const index = this.state.index;
    const factory = 'factory' in index ? (index as { factory: string }).factory : undefined;
    return {
      kind: index.kind,
      exact: index.exact,
      ...(factory === undefined ? {} : { factory }),
      ...(this.recallState === null ? {} : { recall: this.recallState }),
    };
  }

  private settings(): ScoreSettings {
    return {
      alphaConvention: ALPHA_CONVENTION,
      errorMode: this.state.errorMode,
      featureConsistency: this.state.featureConsistency,
      neighbourSource: this.state.neighbourSource,
      search: this.search,
    };
  }

  /**
   * Fixes K, alpha and each term's min-max constants from a selection split (never from the data
   * being scored). With `falsePositiveRate`, also sets the decision threshold so that at most that
   * share of the selection images (taken as normal) would be flagged; without it, clears any
   * earlier threshold (which belonged to the old score scale). With an approximate index, also
   * measures its recall on these images.
   */
  async calibrate(selectionImages: ScorerImages, choice: CalibrationChoice): Promise<Calibration> {
    checkAlpha(choice.alpha, 'NlnScorer.calibrate');
    this.checkK(choice.k, 'NlnScorer.calibrate');
    const rate = choice.falsePositiveRate;
    if (rate !== undefined && !(rate >= 0 && rate < 1)) {
      throw new RangeError(`NlnScorer.calibrate: falsePositiveRate must be in [0, 1), got ${rate}`);
    }
    const pass = await this.neighbourPass(selectionImages, choice.k, 'calibration');
    if (pass.count === 0) throw new RangeError('NlnScorer.calibrate: no selection images');
    const calibration: Calibration = {
      k: choice.k,
      alpha: choice.alpha,
      constants: {
        reconstruction: fitMinMax(pass.reconstruction, 'NlnScorer.calibrate reconstruction error'),
        nlnError: fitMinMax(meanOfFirstK(pass.neighbourErrors, choice.k, choice.k), 'NlnScorer.calibrate NLN error'),
        distance: fitMinMax(meanOfFirstK(pass.neighbours.distances, choice.k, choice.k), 'NlnScorer.calibrate distance'),
      },
      selectionCount: pass.count,
    };
    if (!this.state.index.exact) {
      const exact = new TfjsExactIndex();
      try {
        exact.add(this.state.trainLatents, this.model.latentDim);
        this.recallState = await measureRecall(this.state.index, exact, pass.latents, choice.k);
      } finally {
        exact.dispose();
      }
      this.options.log?.(
        `approximate latent search (${this.search.factory ?? this.state.index.kind}): recall@${choice.k} = ${this.recallState.recall.toFixed(4)} on ${pass.count} selection images`,
      );
    }
    // A threshold belongs to one calibration's score scale: replace it or clear it.
    this.thresholdState = null;
    if (rate !== undefined) {
      const { constants } = calibration;
      const selectionScores = combineScores(
        applyMinMax(meanOfFirstK(pass.neighbourErrors, choice.k, choice.k), constants.nlnError),
        applyMinMax(meanOfFirstK(pass.neighbours.distances, choice.k, choice.k), constants.distance),
        choice.alpha,
      );
      this.thresholdState = {
        value: thresholdForFalsePositiveRate(selectionScores, rate),
        method: `false-positive-rate<=${rate}-on-selection`,
      };
    }
    this.calibrationState = calibration;
    return calibration;
  }

  /**
   * Scores images with the calibrated K, alpha and fixed constants. Each image's numbers depend only
   * on that image, so one image alone and the same image among many score the same.
   */
  async score(images: ScorerImages): Promise<ScoreReport> {
    const calibration = this.calibrationState;
    if (calibration === null) {
      throw new Error('NlnScorer.score: not calibrated; call calibrate(selectionImages, { k, alpha }) first, or load a calibrated scorer');
    }
    const { k, alpha, constants } = calibration;
    const pass = await this.neighbourPass(images, k, 'scoring');
    const nlnError = meanOfFirstK(pass.neighbourErrors, k, k);
    const distance = meanOfFirstK(pass.neighbours.distances, k, k);
    const reconstructionN = applyMinMax(pass.reconstruction, constants.reconstruction);
    const nlnErrorN = applyMinMax(nlnError, constants.nlnError);
    const distanceN = applyMinMax(distance, constants.distance);
    const scores = combineScores(nlnErrorN, distanceN, alpha);
    const threshold = this.thresholdState;
    const samples = Array.from({ length: pass.count }, (_, i): SampleScore => ({
      reconstruction: pass.reconstruction[i],
      nlnError: nlnError[i],
      distance: distance[i],
      normalised: { reconstruction: reconstructionN[i], nlnError: nlnErrorN[i], distance: distanceN[i] },
      score: scores[i],
      decision: threshold === null ? null : scores[i] >= threshold.value,
      neighbours: pass.neighbours.indices.slice(i * k, (i + 1) * k),
      neighbourDistances: pass.neighbours.distances.slice(i * k, (i + 1) * k),
    }));
    return { ...this.settings(), normalisation: 'fixed-from-selection', k, alpha, threshold, samples };
  }

  /**
   * The paper's evaluation: one neighbour search with the largest K, then every (K, alpha) with each
   * term min-max normalised over the scored set, plus the raw terms.
   */
  async scoreGrid(images: ScorerImages, ks: readonly number[], alphas: readonly number[]): Promise<ScoreGrid> {
    if (ks.length === 0) throw new RangeError('NlnScorer.scoreGrid: give at least one K');
    ks.forEach((k) => this.checkK(k, 'NlnScorer.scoreGrid'));
    const kMax = Math.max(...ks);
    const pass = await this.neighbourPass(images, kMax, 'scoring');
    const sweep = sweepScores({ neighbourErrors: pass.neighbourErrors, distances: pass.neighbours.distances, kMax }, ks, alphas);
    return {
      ...sweep,
      ...this.settings(),
      reconstruction: pass.reconstruction,
      reconstructionNormalised: minMaxNormalise(pass.reconstruction),
      neighbours: pass.neighbours,
    };
  }

  /**
   * Per-pixel maps for segmentation (for whole images or patches; reassembling patches is the
   * caller's job), with the reconstructions and neighbour reconstructions behind them. K defaults
   * to the calibrated K. Holds `n * (k + 1)` images in memory: pass a few images at a time.
   */
  async errorMaps(images: ScorerImages, options: { readonly k?: number } = {}): Promise<ErrorMaps> {
    const k = options.k ?? this.calibrationState?.k;
    if (k === undefined) throw new Error('NlnScorer.errorMaps: give k or calibrate first');
    this.checkK(k, 'NlnScorer.errorMaps');
    const shape = this.model.inputShape;
    const size = shape[0] * shape[1] * shape[2];
    const count = countImages(images, shape, 'NlnScorer.errorMaps');
    const reconstructions = new Float32Array(count * size);
    const neighbourReconstructions = new Float32Array(count * k * size);
    const distances = new Float32Array(count * k);
    const indices = new Int32Array(count * k);
    for (let start = 0; start < count; start += this.batchSize) {
      const end = Math.min(count, start + this.batchSize);
      const x = batchTensor(images, shape, start, end);
      let z: tf.Tensor2D;
      let xHat: tf.Tensor4D;
      try {
        [z, xHat] = tf.tidy(() => [this.model.encode(x), this.model.reconstruct(x)]);
      } finally {
        x.dispose();
      }
      const found = await this.state.index.search(await readAndDispose(z), k);
      reconstructions.set(await readAndDispose(xHat), start * size);
      const neighbourImages = this.neighbourImages(found.indices);
      neighbourReconstructions.set(await readAndDispose(neighbourImages), start * k * size);
      distances.set(found.distances, start * k);
      indices.set(found.indices, start * k);
      this.options.onProgress?.({ phase: 'maps', done: end, total: count });
    }
    const inputs = batchValues(images);
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

  /** Releases the latent index (native or tensor memory). */
  dispose(): void {
    this.state.index.dispose();
  }

  private checkK(k: number, what: string): void {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: K must be a positive integer, got ${k}`);
    if (k > this.state.trainCount) {
      throw new RangeError(`${what}: K = ${k} neighbours requested but the training set has only ${this.state.trainCount} samples`);
    }
  }

  /**
   * Encodes and reconstructs `images` batch by batch (keeping the latents, Eq. 3 errors and, in the
   * residual and consistency modes, the query's small feature vectors), searches all latents in one
   * call (the index batches it; faiss is several times faster on large query batches), then
   * computes the per-neighbour errors batch by batch. No model output is computed twice.
   */
  private async neighbourPass(images: ScorerImages, kMax: number, phase: ScorerProgress['phase']): Promise<PassResult> {
    const { model } = this;
    const count = countImages(images, model.inputShape, `NlnScorer (${phase})`);
    const latentDim = model.latentDim;
    const latents = new Float32Array(count * latentDim);
    const reconstruction = new Float32Array(count);
    const pixelQueries = this.state.errorMode === 'reconstruction';
    let queryFeatures = new Float32Array(0);
    let featureSize = 0;
    for (let start = 0; start < count; start += this.batchSize) {
      const end = Math.min(count, start + this.batchSize);
      const x = batchTensor(images, model.inputShape, start, end);
      let outputs: tf.Tensor[];
      try {
        outputs = tf.tidy(() => {
          const z = model.encode(x);
          const xHat = model.reconstruct(x);
          const r = reconstructionErrorTensor(x, xHat);
          return pixelQueries ? [z, r] : [z, r, tf.reshape(this.queryFeatures(x, z, xHat), [end - start, -1])];
        });
      } finally {
        x.dispose();
      }
      const [z, r, query] = outputs;
      try {
        const zValues = (await z.data()) as Float32Array;
        checkFinite(zValues, `NlnScorer (${phase}): the encoder`);
        latents.set(zValues, start * latentDim);
        reconstruction.set(await r.data(), start);
        if (query !== undefined) {
          if (featureSize === 0) {
            featureSize = query.shape[1] as number;
            queryFeatures = new Float32Array(count * featureSize);
          }
          queryFeatures.set(await query.data(), start * featureSize);
        }
      } finally {
        tf.dispose(outputs);
      }
      this.options.onProgress?.({ phase, done: end, total: count });
    }
    const neighbours = await this.state.index.search(latents, kMax);
    const neighbourErrors = new Float32Array(count * kMax);
    for (let start = 0; start < count; start += this.batchSize) {
      const end = Math.min(count, start + this.batchSize);
      const rows = end - start;
      const query = pixelQueries
        ? batchTensor(images, model.inputShape, start, end)
        : tf.tensor2d(queryFeatures.subarray(start * featureSize, end * featureSize), [rows, featureSize]);
      const neighbourSide = this.neighbourFeatures(neighbours.indices.subarray(start * kMax, end * kMax));
      const errors = tf.tidy(() => neighbourErrorsTensor(query, tf.reshape(neighbourSide, [rows, kMax, -1])));
      tf.dispose([query, neighbourSide]);
      neighbourErrors.set(await readAndDispose(errors), start * kMax);
    }
    return { count, latents, reconstruction, neighbourErrors, neighbours };
  }

  /** The query side of the NLN error: x (Eq. 4), q(x) (Eq. 7), f(x) = z or f_con(x̂) (Eq. 8). */
  private queryFeatures(x: tf.Tensor4D, z: tf.Tensor2D, xHat: tf.Tensor4D): tf.Tensor {
    const { errorMode, featureConsistency } = this.state;
    if (errorMode === 'reconstruction') return x;
    if (errorMode === 'residual') return featuresOf(this.model, 'discriminatorFeatures', x);
    return featureConsistency === 'paper' ? z : featuresOf(this.model, 'consistencyEncode', xHat);
  }

  /** The neighbour side `[n, F]` for the flat neighbour indices, from the cache or decoded on demand. */
  private neighbourFeatures(indices: Int32Array): tf.Tensor2D {
    const { errorMode, featureConsistency, cache, cacheFeatureSize, trainLatents } = this.state;
    const latentDim = this.model.latentDim;
    if (errorMode === 'consistency' && featureConsistency === 'reference-code') {
      return tf.tensor2d(gatherRows(trainLatents, latentDim, indices), [indices.length, latentDim]);
    }
    if (cache !== null) {
      return tf.tensor2d(gatherCacheRows(cache, cacheFeatureSize, indices), [indices.length, cacheFeatureSize]);
    }
    return tf.tidy(() => {
      const decoded = this.model.decode(tf.tensor2d(gatherRows(trainLatents, latentDim, indices), [indices.length, latentDim]));
      return tf.reshape(imageFeatures(this.model, errorMode, decoded), [indices.length, -1]) as tf.Tensor2D;
    });
  }

  /** Neighbour reconstructions g(z_k) as images `[n, H, W, C]`, from the cache when it holds them. */
  private neighbourImages(indices: Int32Array): tf.Tensor {
    const { cache, cacheFeatureSize, trainLatents, errorMode } = this.state;
    const [h, w, c] = this.model.inputShape;
    if (cache !== null && errorMode === 'reconstruction') {
      return tf.tensor4d(gatherCacheRows(cache, cacheFeatureSize, indices), [indices.length, h, w, c]);
    }
    const latentDim = this.model.latentDim;
    return tf.tidy(() => this.model.decode(tf.tensor2d(gatherRows(trainLatents, latentDim, indices), [indices.length, latentDim])));
  }
}

/** The neighbour-side features of (reconstructed) images for a mode: the images, q or f_con. */
function imageFeatures(model: Autoencoder, mode: NlnErrorMode, images: tf.Tensor4D): tf.Tensor {
  if (mode === 'reconstruction') return images;
  if (mode === 'residual') return featuresOf(model, 'discriminatorFeatures', images);
  return featuresOf(model, 'consistencyEncode', images);
}

/** Calls the model's optional feature extractor as a method (keeping `this`). */
function featuresOf(model: Autoencoder, name: 'discriminatorFeatures' | 'consistencyEncode', x: tf.Tensor4D): tf.Tensor2D {
  const method = model[name];
  if (method === undefined) throw new Error(`NlnScorer: the ${model.kind} model lacks ${name}, which its error mode needs`);
  return method.call(model, x);
}

async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

function checkFinite(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${what} produced ${values[i]} at value ${i}; is the model trained and the input in [0, 1]?`);
  }
}

/** The images as floats in [0, 1]. */
function batchValues(images: ScorerImages): Float32Array {
  return images instanceof Float32Array ? images : Float32Array.from(images, (v) => v / 255);
}
