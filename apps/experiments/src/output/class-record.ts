import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BATCH_NORM_MODES, MODEL_KINDS, writeJsonAtomic } from '@nln/models';
import { NEIGHBOUR_SOURCES } from '@nln/nln-core';
import { parseJsonWith } from './parse-json';
import { resultRowSchema, segmentationChoiceSchema } from './results-schema';
import { PROTOCOLS, THRESHOLD_RULES } from '../vocabulary';

/** File names inside a class folder. */
export const CLASS_FILES = {
  /** What the class run measured and chose ({@link ClassRecord}). */
  record: 'class.json',
  /** Completion marker, written last: its presence means the folder is whole. */
  complete: 'complete.json',
  /** The trained model (a folder, model.json + weights). */
  model: 'model',
  /** The NLN scorer state: latent index or reconstruction cache, normalisation, K, alpha, threshold. */
  scorer: 'scorer',
  /** Per-image scores of the test set at the chosen K and alpha. */
  scores: 'test-scores.csv',
  /** This class's result rows as CSV. */
  rowsCsv: 'rows.csv',
} as const;

const curveSchema = z.object({ fpr: z.array(z.number()), tpr: z.array(z.number()), auroc: z.number() });

/** Schema of `class.json`, the record of one finished (protocol, dataset, model, class) run. */
export const classRecordSchema = z.object({
  /** Format version of this file. */
  formatVersion: z.literal(1),
  /** Protocol. */
  protocol: z.enum(PROTOCOLS),
  /** Data set. */
  dataset: z.string(),
  /** Model kind. */
  model: z.enum(MODEL_KINDS),
  /** Class name (novel class for MISO/MVTec, inlier class for SIMO). */
  class: z.string(),
  /** Latent size. */
  latentDim: z.number().int().positive(),
  /** Input shape of the model [H, W, C]. */
  inputShape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  /** How images were scaled to [0, 1] before the model: per image and channel (MNIST-like), or /255 (MVTec). */
  preprocessing: z.enum(['per-image-min-max', 'divide-255']),
  /** tfjs backend used. */
  backend: z.string(),
  /** Seed. */
  seed: z.number().int(),
  /** ISO start time. */
  startedAt: z.string(),
  /** Wall seconds of the whole class run. */
  seconds: z.number(),
  /** Training facts. */
  training: z.object({
    images: z.number().int(),
    epochs: z.number().int(),
    batchSize: z.number().int(),
    seconds: z.number(),
    imagesPerSecond: z.number(),
    lossHistory: z.record(z.string(), z.array(z.number())),
    /** How the BatchNorm statistics were set after training (`--batch-norm`); absent in older records. */
    batchNorm: z.object({ mode: z.enum(BATCH_NORM_MODES), layers: z.number().int(), images: z.number().int() }).optional(),
  }),
  /** Sample counts. */
  counts: z.object({
    train: z.number().int(),
    selection: z.number().int(),
    evaluation: z.number().int(),
    selectionNovel: z.number().int(),
    evaluationNovel: z.number().int(),
  }),
  /** K and alpha chosen on the selection split, and the rule. */
  chosen: z.object({ k: z.number().int(), alpha: z.number(), rule: z.string() }),
  /** Decision threshold chosen on the selection split, on the normalised score. */
  threshold: z.object({
    method: z.enum(THRESHOLD_RULES),
    value: z.number(),
    targetFpr: z.number().optional(),
    selectionF1: z.number().optional(),
    selectionFpr: z.number(),
    selectionTpr: z.number(),
  }),
  /** Result rows of this class (every K, alpha and split). */
  rows: z.array(resultRowSchema),
  /** Evaluation-split ROC curves (thinned) of the baseline and of NLN at the chosen K and alpha. */
  curves: z.object({ baseline: curveSchema, nln: curveSchema }),
  /**
   * MVTec only: how `score` turns patch terms into an image score, as the run did: the mean of the patch NLN
   * errors and the max of the patch distances, normalised with constants from the selection images.
   */
  imageScoring: z
    .object({
      imageSize: z.number().int().positive(),
      patchSize: z.number().int().positive(),
      nlnError: z.object({ min: z.number(), max: z.number() }),
      distance: z.object({ min: z.number(), max: z.number() }),
    })
    .optional(),
  /** MVTec only: K and alpha of the segmentation maps, chosen on the selection images by pixel AUROC. */
  segmentation: segmentationChoiceSchema.optional(),
  /**
   * MVTec only: the memory budget and what it decided (neighbour cache or on-demand decoding), the
   * process's peak RSS, and each stage's seconds and peak RSS when it ended.
   */
  memory: z
    .object({
      budgetBytes: z.number(),
      budgetFrom: z.enum(['option', 'free-memory']),
      keptBytes: z.number(),
      residentBytes: z.number().optional(),
      reserveBytes: z.number().optional(),
      cacheBytes: z.number(),
      byteCacheBytes: z.number().optional(),
      neighbourSource: z.enum(NEIGHBOUR_SOURCES),
      peakRssBytes: z.number(),
      stages: z.array(z.object({ stage: z.string(), seconds: z.number(), peakRssBytes: z.number() })),
    })
    .optional(),
  /** Options the run was started with. */
  options: z.record(z.string(), z.unknown()),
});

/** Everything a finished class folder records about its run. */
export type ClassRecord = z.infer<typeof classRecordSchema>;

/** True when the folder holds a completion marker (the class run finished and every file is in place). */
export async function isComplete(folder: string): Promise<boolean> {
  try {
    return (await stat(join(folder, CLASS_FILES.complete))).isFile();
  } catch {
    return false;
  }
}

/** Reads and validates `class.json` of a finished class folder; errors name the file. */
export async function readClassRecord(folder: string): Promise<ClassRecord> {
  const file = join(folder, CLASS_FILES.record);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); is this a class folder of a finished run?`);
  }
  return parseJsonWith(classRecordSchema, text, file, 'a class record');
}

/** Writes `class.json` atomically. */
export async function writeClassRecord(folder: string, record: ClassRecord): Promise<void> {
  await writeJsonAtomic(join(folder, CLASS_FILES.record), record);
}

/** Writes the completion marker atomically; call it after every other file of the class folder. */
export async function markComplete(folder: string): Promise<void> {
  await writeJsonAtomic(join(folder, CLASS_FILES.complete), { finishedAt: new Date().toISOString() });
}
