import { checkAlpha, combineScores } from '../scores/combined-score';
import { applyMinMax, fitMinMax } from '../scores/normalisation';
import { fprThresholdLabel, thresholdForFalsePositiveRate } from '../scores/threshold';
import type { Calibration, CalibrationChoice, DecisionThreshold } from './types';

/** Raw score terms of a set of images at one K, one value per image (a scorer's pass, or a `ScoreGrid` row). */
export interface ScoreTerms {
  /** Eq. 3 reconstruction error. */
  readonly reconstruction: Float32Array;
  /** NLN error, the mean over the first K neighbours. */
  readonly nlnError: Float32Array;
  /** Mean latent distance to the first K neighbours. */
  readonly distance: Float32Array;
}

/** Score terms normalised with fixed constants, and the combined score. */
export interface CalibratedScores {
  /** Eq. 3 normalised (not clipped to [0, 1]). */
  readonly reconstruction: Float32Array;
  /** NLN error normalised. */
  readonly nlnError: Float32Array;
  /** Distance normalised. */
  readonly distance: Float32Array;
  /** alpha * nlnError' + (1 - alpha) * distance'. */
  readonly scores: Float32Array;
}

/** Result of {@link fitCalibration}. */
export interface FittedCalibration {
  /** K, alpha and each term's constants. */
  readonly calibration: Calibration;
  /** The threshold for the asked false-positive rate, or null when none was asked. */
  readonly threshold: DecisionThreshold | null;
}

/** Throws a RangeError naming `what` unless alpha is in [0, 1], K a positive integer and the rate in [0, 1). */
export function checkCalibrationChoice(choice: CalibrationChoice, what: string): void {
  checkAlpha(choice.alpha, what);
  if (!Number.isInteger(choice.k) || choice.k < 1) throw new RangeError(`${what}: K must be a positive integer, got ${choice.k}`);
  const rate = choice.falsePositiveRate;
  if (rate !== undefined && !(rate >= 0 && rate < 1)) throw new RangeError(`${what}: falsePositiveRate must be in [0, 1), got ${rate}`);
}

/** Throws a RangeError naming `what` unless K and alpha are valid and every constant is finite. */
export function checkCalibration(calibration: Calibration, what: string): void {
  checkCalibrationChoice(calibration, what);
  for (const term of ['reconstruction', 'nlnError', 'distance'] as const) {
    const c = calibration.constants[term];
    if (!(Number.isFinite(c?.min) && Number.isFinite(c?.max))) throw new RangeError(`${what}: the ${term} constants must be finite numbers`);
  }
}

/**
 * Fixes each term's min-max constants from the terms of a selection split (images taken as normal)
 * at `choice.k`, and with `falsePositiveRate` the threshold on the calibrated score that at most that
 * share of them reach. Pure: the same steps as `NlnScorer.calibrate`, with no model pass.
 *
 * @example
 * const terms = { reconstruction: grid.reconstruction, nlnError: row.nlnError, distance: row.distance };
 * const { calibration, threshold } = fitCalibration(terms, { k: row.k, alpha: 0.9, falsePositiveRate: 0.05 });
 */
export function fitCalibration(terms: ScoreTerms, choice: CalibrationChoice, what = 'fitCalibration'): FittedCalibration {
  checkCalibrationChoice(choice, what);
  const count = countTerms(terms, what);
  if (count === 0) throw new RangeError(`${what}: no selection images`);
  const calibration: Calibration = {
    k: choice.k,
    alpha: choice.alpha,
    constants: {
      reconstruction: fitMinMax(terms.reconstruction, `${what} reconstruction error`),
      nlnError: fitMinMax(terms.nlnError, `${what} NLN error`),
      distance: fitMinMax(terms.distance, `${what} distance`),
    },
    selectionCount: count,
  };
  const rate = choice.falsePositiveRate;
  if (rate === undefined) return { calibration, threshold: null };
  const value = thresholdForFalsePositiveRate(applyCalibration(terms, calibration).scores, rate);
  return { calibration, threshold: { value, method: fprThresholdLabel(rate) } };
}

/** Normalises each term with the calibration's fixed constants and combines them with its alpha. */
export function applyCalibration(terms: ScoreTerms, calibration: Calibration): CalibratedScores {
  countTerms(terms, 'applyCalibration');
  const { constants, alpha } = calibration;
  const nlnError = applyMinMax(terms.nlnError, constants.nlnError);
  const distance = applyMinMax(terms.distance, constants.distance);
  return {
    reconstruction: applyMinMax(terms.reconstruction, constants.reconstruction),
    nlnError,
    distance,
    scores: combineScores(nlnError, distance, alpha),
  };
}

/** Throws a RangeError naming `what` unless the threshold has a finite value and a method name. */
export function checkThreshold(threshold: DecisionThreshold, what: string): void {
  if (!Number.isFinite(threshold.value) || typeof threshold.method !== 'string' || threshold.method === '') {
    throw new RangeError(`${what}: the threshold needs a finite value and a method name`);
  }
}

/** Each image's decision, `score >= threshold`, or null for every image without a threshold. */
export function decide(scores: Float32Array, threshold: DecisionThreshold | null): (boolean | null)[] {
  return Array.from(scores, (score) => (threshold === null ? null : score >= threshold.value));
}

function countTerms(terms: ScoreTerms, what: string): number {
  const count = terms.reconstruction.length;
  if (terms.nlnError.length !== count || terms.distance.length !== count) {
    const lengths = `${count} reconstruction, ${terms.nlnError.length} NLN error, ${terms.distance.length} distance values`;
    throw new RangeError(`${what}: the terms differ in length (${lengths})`);
  }
  return count;
}
