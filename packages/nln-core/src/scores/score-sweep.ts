import { checkK, rowsOf } from './check';
import { ALPHA_CONVENTION, checkAlpha, combineScores, type AlphaConvention } from './combined-score';
import { minMaxNormalise } from './normalisation';

/** One pass's per-neighbour results, searched once with the largest K. */
export interface NeighbourTerms {
  /** Per-neighbour errors `[n, kMax]` (see `neighbourErrors`), nearest neighbour first. */
  readonly neighbourErrors: Float32Array;
  /** Euclidean latent distances `[n, kMax]`, ascending. */
  readonly distances: Float32Array;
  /** Neighbours searched per sample. */
  readonly kMax: number;
}

/** Scores for one alpha at one K. */
export interface AlphaScores {
  /** Weight of the NLN error. */
  readonly alpha: number;
  /** One score per sample. */
  readonly scores: Float32Array;
}

/** The terms and scores at one K. */
export interface KSweepRow {
  /** Number of neighbours. */
  readonly k: number;
  /** Raw NLN error per sample (mean over the first K neighbours). */
  readonly nlnError: Float32Array;
  /** Raw mean latent distance per sample. */
  readonly distance: Float32Array;
  /** Min-max normalised NLN error over the scored set. */
  readonly nlnErrorNormalised: Float32Array;
  /** Min-max normalised distance over the scored set. */
  readonly distanceNormalised: Float32Array;
  /** One entry per requested alpha. */
  readonly byAlpha: readonly AlphaScores[];
}

/** Every (K, alpha) combination of one pass. */
export interface ScoreSweep {
  /** See {@link ALPHA_CONVENTION}. */
  readonly alphaConvention: AlphaConvention;
  /** How the terms were normalised. */
  readonly normalisation: 'min-max-over-scored-set';
  /** One row per requested K, in the order asked. */
  readonly rows: readonly KSweepRow[];
}

/**
 * Scores for many K and alpha from one neighbour search with the largest K. The K-neighbour means
 * are built incrementally (a running sum over k), so the cost is one pass over `[n, kMax]`. Each
 * term is min-max normalised over the scored set at each K, as in the reference.
 */
export function sweepScores(terms: NeighbourTerms, ks: readonly number[], alphas: readonly number[]): ScoreSweep {
  const { kMax } = terms;
  const n = rowsOf(terms.neighbourErrors, kMax, 'sweepScores neighbourErrors');
  if (rowsOf(terms.distances, kMax, 'sweepScores distances') !== n) {
    throw new RangeError(`sweepScores: ${n} samples of errors but ${terms.distances.length / kMax} of distances`);
  }
  if (ks.length === 0 || alphas.length === 0) throw new RangeError('sweepScores: give at least one K and one alpha');
  ks.forEach((k) => checkK(k, kMax, 'sweepScores'));
  alphas.forEach((alpha) => checkAlpha(alpha, 'sweepScores'));
  const wanted = new Set(ks);
  const errorSum = new Float64Array(n);
  const distanceSum = new Float64Array(n);
  const means = new Map<number, { nlnError: Float32Array; distance: Float32Array }>();
  for (let k = 1; k <= Math.max(...ks); k++) {
    for (let i = 0; i < n; i++) {
      errorSum[i] += terms.neighbourErrors[i * kMax + k - 1];
      distanceSum[i] += terms.distances[i * kMax + k - 1];
    }
    if (wanted.has(k)) {
      means.set(k, {
        nlnError: Float32Array.from(errorSum, (s) => s / k),
        distance: Float32Array.from(distanceSum, (s) => s / k),
      });
    }
  }
  const rows = ks.map((k): KSweepRow => {
    const { nlnError, distance } = means.get(k) as { nlnError: Float32Array; distance: Float32Array };
    const nlnErrorNormalised = minMaxNormalise(nlnError);
    const distanceNormalised = minMaxNormalise(distance);
    return {
      k,
      nlnError,
      distance,
      nlnErrorNormalised,
      distanceNormalised,
      byAlpha: alphas.map((alpha) => ({ alpha, scores: combineScores(nlnErrorNormalised, distanceNormalised, alpha) })),
    };
  });
  return { alphaConvention: ALPHA_CONVENTION, normalisation: 'min-max-over-scored-set', rows };
}
