import { z } from 'zod';
import { BATCH_NORM_MODES, MODEL_KINDS } from '@nln/models';
import { FEATURE_CONSISTENCY_VARIANTS, NEIGHBOUR_SOURCES } from '@nln/nln-core';
import { parseJsonWith } from './parse-json';
import { runSetupSchema } from './run-setup-schema';
import { PROTOCOLS } from '../vocabulary';

/** K and alpha of an MVTec run's segmentation maps, chosen apart from the image-level ones. */
export const segmentationChoiceSchema = z.object({
  k: z.number().int().positive(),
  alpha: z.number().min(0).max(1),
  /** How they were chosen (pixel AUROC on the selection images). */
  rule: z.string(),
  /** The chosen pair's pixel AUROC on the selection images. */
  selectionPixelAuroc: z.number(),
});

/** Pixel-level metrics of an MVTec row (segmentation at `segmentation`'s K and alpha, covered pixels only). */
export const pixelMetricsSchema = z.object({
  /** AUROC over every pixel of every test image. */
  pixelAuroc: z.number(),
  /** AUROC over every pixel of the plain reconstruction error map (the baseline). */
  pixelAurocReconstruction: z.number(),
  /** Intersection over union of the thresholded map against the masks. */
  iou: z.number(),
  /** How the IoU threshold was chosen (`selection-youden`: Youden's J on the selection split). */
  iouThresholdMethod: z.string(),
  /** The IoU threshold itself, in normalised score units. */
  iouThreshold: z.number(),
  /** Area under the per-region-overlap curve up to 30% FPR, normalised to [0, 1]. */
  aupro: z.number(),
  /** Fraction of each image's pixels that patches cover: the only pixels these metrics count. */
  coveredFraction: z.number().optional(),
  /** K and alpha of the segmentation maps (absent in files written before they were chosen apart). */
  segmentation: segmentationChoiceSchema.optional(),
});

/** One result row: a (class, model, K, alpha, split) combination. */
export const resultRowSchema = z.object({
  /** `miso`, `simo` or `mvtec`. */
  protocol: z.enum(PROTOCOLS),
  /** Data set name. */
  dataset: z.string(),
  /** Autoencoder kind. */
  model: z.enum(MODEL_KINDS),
  /** Class (novel class for MISO and MVTec, inlier class for SIMO), as a string. */
  class: z.string(),
  /** Latent size L. */
  latentDim: z.number().int().positive(),
  /** Number of neighbours K. */
  k: z.number().int().positive(),
  /** Weight of the NLN image term (alpha = 1: NLN error only; alpha = 0: latent distance only). */
  alpha: z.number().min(0).max(1),
  /** Which part of the test set the AUROCs were computed on. */
  split: z.enum(['selection', 'evaluation']),
  /** Baseline AUROC of the plain reconstruction error (Eq. 3); the same for every K and alpha. */
  aurocReconstruction: z.number(),
  /** AUROC of the NLN score alpha*e' + (1-alpha)*d' (Eq. 4, 7 or 8 by model). */
  aurocNln: z.number(),
  /** AUROC of the mean latent distance alone (alpha = 0). */
  aurocDistance: z.number(),
  /** True on the evaluation row whose K and alpha were chosen on the selection split. */
  selected: z.boolean(),
  /**
   * The paper's test-selected "oracle": true on the evaluation rows at the one (K, alpha) with the best
   * class-mean evaluation AUROC of its (protocol, dataset, model, L). Set where classes are merged
   * (results.json); false in a class folder's own rows.
   */
  oracle: z.boolean(),
  /**
   * True on the evaluation row with this class's own best evaluation AUROC (the per-class maximum, more
   * optimistic than the oracle). Absent in rows written before it existed, which `report` re-marks.
   */
  perClassMax: z.boolean().default(false),
  /**
   * Reading of Eq. 8 (`--feature-consistency`), recorded on every row; only AE-con's NLN error depends on
   * it. Absent in rows written before the option existed, which all used `paper`.
   */
  featureConsistency: z.enum(FEATURE_CONSISTENCY_VARIANTS).default('paper'),
  /** MVTec only. */
  pixel: pixelMetricsSchema.optional(),
});

/** Run metadata. */
export const resultsMetaSchema = z.object({
  /** Protocol of the run (or `mixed` for a merged report over several). */
  protocol: z.string(),
  /** Data set (or `mixed`). */
  dataset: z.string(),
  /** tfjs backend that ran the models. */
  backend: z.string(),
  /** Seed of splits, initialisation and shuffling. */
  seed: z.number().int(),
  /** Every option as validated (after profile defaults). */
  options: z.record(z.string(), z.unknown()),
  /** Versions of node, tfjs and the workspace packages. */
  versions: z.record(z.string(), z.string()),
  /** ISO time the run started. */
  startedAt: z.string(),
  /** Wall-clock seconds of the run (for a merge: the sum over the merged class runs). */
  seconds: z.number().nonnegative(),
  /** What alpha weights: the NLN image term, as in the paper's Eq. 4. */
  alphaConvention: z.literal('score = alpha * nln_error_norm + (1 - alpha) * distance_norm'),
  /** Rule that picked K and alpha on the selection split. */
  selectionRule: z.string(),
  /** The readings of Eq. 8 the rows used (one for a run; a merge lists each); absent before the option existed. */
  featureConsistency: z.array(z.enum(FEATURE_CONSISTENCY_VARIANTS)).optional(),
  /** How the class runs set their BatchNorm statistics after training (`--batch-norm`), each mode once; absent before the option existed. */
  batchNorm: z.array(z.enum(BATCH_NORM_MODES)).optional(),
  /** MVTec: where the class runs took neighbour reconstructions from, as their memory budget chose (`cache` or `decode`; budget, peak RSS and stage times in each class.json's `memory`). */
  neighbourSource: z.array(z.enum(NEIGHBOUR_SOURCES)).optional(),
  /** What the class runs were run with (profile, models, epochs, ...); absent in files written before it. */
  setup: runSetupSchema.optional(),
});

/** The whole `results.json`. */
export const resultsSchema = z.object({
  /** Run metadata. */
  meta: resultsMetaSchema,
  /** One row per (class, model, K, alpha, split). */
  rows: z.array(resultRowSchema),
});

/** A row of `results.json`. */
export type ResultRow = z.infer<typeof resultRowSchema>;
/** Pixel metrics of an MVTec row. */
export type PixelMetrics = z.infer<typeof pixelMetricsSchema>;
/** Segmentation K and alpha of an MVTec class run. */
export type SegmentationChoice = z.infer<typeof segmentationChoiceSchema>;
/** Metadata of `results.json`. */
export type ResultsMeta = z.infer<typeof resultsMetaSchema>;
/** The whole `results.json`, typed. */
export type Results = z.infer<typeof resultsSchema>;

/** The alpha convention recorded in every results file. */
export const ALPHA_CONVENTION = 'score = alpha * nln_error_norm + (1 - alpha) * distance_norm' as const;

/** Parses and validates a `results.json` text; the error names the file and the first problems. */
export function parseResults(text: string, file: string): Results {
  return parseJsonWith(resultsSchema, text, file, 'a results file');
}
