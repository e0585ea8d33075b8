import type { LatentIndexChoice } from '../latent-index/create-latent-index';
import type { LatentIndex, NeighbourResult } from '../latent-index/latent-index';
import type { RecallReport } from '../latent-index/recall';
import type { AlphaConvention } from '../scores/combined-score';
import type { MinMax } from '../scores/normalisation';
import type { ScoreSweep } from '../scores/score-sweep';
import type { FeatureConsistency, NlnErrorMode } from './error-mode';
import type { NeighbourCache } from './neighbour-cache';

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
