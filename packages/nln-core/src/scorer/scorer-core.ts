import type { Autoencoder } from '@nln/models';
import type { RecallReport } from '../latent-index/recall';
import { ALPHA_CONVENTION, checkAlpha } from '../scores/combined-score';
import { minMaxNormalise } from '../scores/normalisation';
import { sweepScores } from '../scores/score-sweep';
import { applyCalibration, checkCalibration, checkCalibrationChoice, checkThreshold, decide, fitCalibration } from './calibration';
import { checkErrorMode } from './error-mode';
import { featureSpace } from './feature-space';
import { countImages, type ScorerImages } from './image-batches';
import { mapsPass } from './maps-pass';
import { approximateRecall, neighbourPass, searchInfo, termsAtK, type PassContext } from './neighbour-pass';
import { checkOptions } from './scorer-options';
import { type Calibration, type CalibrationChoice, type DecisionThreshold, type ErrorMaps, type NlnScorerOptions } from './types';
import type { NlnScorerState, SampleScore, ScoreGrid, ScoreReport, ScoreSettings, SearchInfo } from './types';

/** Checks a state and the options against the model; returns the batch size. */
export function checkState(model: Autoencoder, state: NlnScorerState, options: NlnScorerOptions): number {
  const batchSize = checkOptions(options, 'NlnScorer.fromState');
  checkErrorMode(model, state.errorMode);
  if (state.index.dim !== model.latentDim || state.index.size !== state.trainCount) {
    throw new RangeError(
      `NlnScorer: the latent index holds ${state.index.size} vectors of dimension ${state.index.dim}, expected ${state.trainCount} of ${model.latentDim}`,
    );
  }
  return batchSize;
}

/**
 * Scores images with a trained autoencoder by the reconstructions of their nearest latent
 * neighbours in the training set (the NLN algorithm).
 *
 * This is the scorer without file IO (it runs in a browser): `NlnScorer` of the Node entry adds
 * building from training images, saving and loading from a folder; `loadScorerFromUrl` of
 * `@nln/nln-core/browser` loads a saved one over HTTP. {@link NlnScorerCore.calibrate} fixes K, alpha and
 * the normalisation constants, then {@link NlnScorerCore.score} scores any number of images: with fixed
 * constants a score depends only on its own image, not on what it is scored with.
 * {@link NlnScorerCore.scoreGrid} gives the paper's evaluation (every K and alpha, min-max over the set).
 * Every method checks its arguments before any model pass.
 */
export class NlnScorerCore {
  private calibrationState: Calibration | null;
  private thresholdState: DecisionThreshold | null;
  private recallState: RecallReport | null;
  private readonly context: PassContext;

  protected constructor(
    /** The trained model. */
    readonly model: Autoencoder,
    protected readonly state: NlnScorerState,
    protected readonly options: NlnScorerOptions,
    batchSize: number,
  ) {
    this.calibrationState = state.calibration;
    this.thresholdState = state.threshold;
    this.recallState = state.recall;
    const space = featureSpace(model, state.errorMode, state.featureConsistency);
    this.context = { model, space, training: state, index: state.index, batchSize, onProgress: options.onProgress };
  }

  /** Wraps a state (for example one restored from disk); checks it and the options against the model. */
  static fromState(model: Autoencoder, state: NlnScorerState, options: NlnScorerOptions = {}): NlnScorerCore {
    return new NlnScorerCore(model, state, options, checkState(model, state, options));
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
    if (threshold !== null) checkThreshold(threshold, 'NlnScorer.setThreshold');
    this.thresholdState = threshold;
  }

  /**
   * Sets a calibration fitted elsewhere (e.g. by `evaluateHeldOut` or `fitCalibration` on a selection
   * split's terms) with no model pass, and the threshold on its score scale (default: none). Unlike
   * {@link NlnScorer.calibrate} it does not measure an approximate index's recall.
   */
  setCalibration(calibration: Calibration, threshold: DecisionThreshold | null = null): void {
    const what = 'NlnScorer.setCalibration';
    checkCalibration(calibration, what);
    this.checkK(calibration.k, what);
    if (threshold !== null) checkThreshold(threshold, what);
    this.calibrationState = calibration;
    this.thresholdState = threshold;
  }

  /** How neighbours are searched (with the approximate index's recall once measured). */
  get search(): SearchInfo {
    return searchInfo(this.state.index, this.recallState);
  }

  /**
   * Fixes K, alpha and each term's min-max constants from a selection split (never from the data
   * being scored; see `fitCalibration`). With `falsePositiveRate`, also sets the decision threshold so
   * that at most that share of the selection images (taken as normal) would be flagged; without it,
   * clears any earlier threshold (which belonged to the old score scale). With an approximate index,
   * also measures its recall on these images.
   */
  async calibrate(selectionImages: ScorerImages, choice: CalibrationChoice): Promise<Calibration> {
    const what = 'NlnScorer.calibrate';
    checkCalibrationChoice(choice, what);
    this.checkK(choice.k, what);
    const count = countImages(selectionImages, this.model.inputShape, what);
    if (count === 0) throw new RangeError(`${what}: no selection images`);
    const pass = await neighbourPass(this.context, selectionImages, count, choice.k, 'calibration');
    const { calibration, threshold } = fitCalibration(termsAtK(pass, choice.k), choice, what);
    if (!this.state.index.exact) this.recallState = await approximateRecall(this.context, pass.latents, choice.k, this.options.log);
    // A threshold belongs to one calibration's score scale: replace it or clear it.
    this.thresholdState = threshold;
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
    const { k, alpha } = calibration;
    const count = countImages(images, this.model.inputShape, 'NlnScorer.score');
    const pass = await neighbourPass(this.context, images, count, k, 'scoring');
    const terms = termsAtK(pass, k);
    const normalised = applyCalibration(terms, calibration);
    const threshold = this.thresholdState;
    const decisions = decide(normalised.scores, threshold);
    const samples = Array.from({ length: count }, (_, i): SampleScore => ({
      reconstruction: terms.reconstruction[i],
      nlnError: terms.nlnError[i],
      distance: terms.distance[i],
      normalised: { reconstruction: normalised.reconstruction[i], nlnError: normalised.nlnError[i], distance: normalised.distance[i] },
      score: normalised.scores[i],
      decision: decisions[i],
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
    const what = 'NlnScorer.scoreGrid';
    if (ks.length === 0) throw new RangeError(`${what}: give at least one K`);
    if (alphas.length === 0) throw new RangeError(`${what}: give at least one alpha`);
    ks.forEach((k) => this.checkK(k, what));
    alphas.forEach((alpha) => checkAlpha(alpha, what));
    const count = countImages(images, this.model.inputShape, what);
    const kMax = Math.max(...ks);
    const pass = await neighbourPass(this.context, images, count, kMax, 'scoring');
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
    return mapsPass(this.context, images, countImages(images, this.model.inputShape, 'NlnScorer.errorMaps'), k);
  }

  /** Releases the latent index (native or tensor memory). */
  dispose(): void {
    this.state.index.dispose();
  }

  private settings(): ScoreSettings {
    const { errorMode, featureConsistency, neighbourSource } = this.state;
    return { alphaConvention: ALPHA_CONVENTION, errorMode, featureConsistency, neighbourSource, search: this.search };
  }

  private checkK(k: number, what: string): void {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`${what}: K must be a positive integer, got ${k}`);
    if (k > this.state.trainCount) {
      throw new RangeError(`${what}: K = ${k} neighbours requested but the training set has only ${this.state.trainCount} samples`);
    }
  }
}
