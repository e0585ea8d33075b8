import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { normalizePerImage, selectImages, selectValues, selectionSplit, type ImageSet, type NoveltySplit } from '@nln/datasets';
import { createModel, saveModel } from '@nln/models';
import { NlnScorer, saveNlnScorer } from '@nln/nln-core';
import { auroc, evaluateThreshold, selectionSplitThreshold, type ThresholdCriterion } from '@nln/metrics';
import type { ModelName, TrainOptions } from '../cli/options';
import { writeFileAtomic } from '../output/atomic-write';
import { toCsv } from '../output/csv';
import type { ResultRow } from '../output/results-schema';
import { RESULT_COLUMNS } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { CLASS_FILES, markComplete, writeClassRecord, type ClassRecord } from './class-record';
import { curveOf, gridAurocs, scoreWithSelectionConstants } from './class-metrics';
import { trainWithProgress } from './train-with-progress';
import { chooseOnSelection, chooseOracle, SELECTION_RULE } from './selection';

/** One (class, model) job of a protocol run. */
export interface ClassJob {
  /** Class label as reported (index for the numbered data sets). */
  readonly className: string;
  /** The model to train. */
  readonly model: ModelName;
  /** The split for this class (raw pixels). */
  readonly split: NoveltySplit<Uint8Array>;
  /** Folder this job writes. */
  readonly folder: string;
}

/** Columns of the per-image test scores a class folder keeps (and `score` writes, minus index/split). */
export const TEST_SCORE_COLUMNS = ['index', 'label', 'novel', 'split', 'reconstruction', 'nlnError', 'distance', 'score', 'decision'] as const;

function thresholdCriterion(options: TrainOptions): ThresholdCriterion {
  return options.thresholdMethod === 'best-f1' ? { kind: 'best-f1' } : { kind: 'target-fpr', maxFpr: options.targetFpr };
}

/**
 * Runs one (class, model): normalise the split, train, build the NLN scorer over the training latents,
 * score the test set for every K and alpha, choose K and alpha on the selection split, calibrate the scorer
 * (fixed constants and a decision threshold from the selection split) and write the class folder. The
 * completion marker is written last.
 */
export async function runClass(job: ClassJob, options: TrainOptions, backend: string, progress: ProgressReporter): Promise<ClassRecord> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const { split, folder } = job;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });

  const train: ImageSet<Float32Array> = normalizePerImage(split.train);
  const test: ImageSet<Float32Array> = normalizePerImage(split.test);
  const parts = selectionSplit({ novel: split.novel, labels: split.test.labels }, { fraction: options.selectionFraction, seed: options.seed });

  progress.stage(`training ${job.model} on ${train.count} images`);
  const model = createModel(job.model, { inputShape: train.shape, latentDim: options.latentDim, seed: options.seed });
  const trained = await trainWithProgress(model, train.images, train.count, options, progress);
  await saveModel(model, join(folder, CLASS_FILES.model));

  progress.stage(`indexing ${train.count} training latents, scoring ${test.count} test images`);
  const scorer = await NlnScorer.build(model, train.images, { log: (m) => progress.info(`  ${m}`) });
  try {
    const grid = await scorer.scoreGrid(test.images, options.k, options.alpha);
    const points = gridAurocs(grid.rows, split.novel, parts, options.k, options.alpha);
    const chosen = chooseOnSelection(points);
    const oracle = chooseOracle(points);
    const selLabels = selectValues(split.novel, parts.selection);
    const evalLabels = selectValues(split.novel, parts.evaluation);
    const baselineSel = auroc(selectValues(grid.reconstruction, parts.selection), selLabels);
    const baselineEval = auroc(selectValues(grid.reconstruction, parts.evaluation), evalLabels);

    const base = { protocol: options.protocol, dataset: options.dataset, model: job.model, class: job.className, latentDim: options.latentDim };
    const rows: ResultRow[] = [];
    for (const p of points) {
      rows.push({ ...base, k: p.k, alpha: p.alpha, split: 'selection', aurocReconstruction: baselineSel, aurocNln: p.selection, aurocDistance: p.distanceSelection, selected: false, oracle: false });
    }
    for (const p of points) {
      rows.push({
        ...base,
        k: p.k,
        alpha: p.alpha,
        split: 'evaluation',
        aurocReconstruction: baselineEval,
        aurocNln: p.evaluation,
        aurocDistance: p.distanceEvaluation,
        selected: p === chosen,
        oracle: p === oracle,
      });
    }

    progress.stage(`calibrating on ${parts.selection.length} selection images: K=${chosen.k}, alpha=${chosen.alpha}`);
    const selectionImages = selectImages(test, parts.selection).images;
    await scorer.calibrate(selectionImages, { k: chosen.k, alpha: chosen.alpha });
    const { scores } = scoreWithSelectionConstants(grid.rows, parts, chosen.k, chosen.alpha);
    const selScores = selectValues(scores, parts.selection);
    const choice = selectionSplitThreshold(selScores, selLabels, thresholdCriterion(options));
    const onSelection = evaluateThreshold(choice, selScores, selLabels);
    const methodName = options.thresholdMethod === 'best-f1' ? 'best-f1-on-selection' : `fpr<=${options.targetFpr}-on-selection`;
    scorer.setThreshold({ value: choice.threshold, method: methodName });
    await saveNlnScorer(scorer, join(folder, CLASS_FILES.scorer));

    const row = grid.rows.find((r) => r.k === chosen.k);
    if (!row) throw new Error(`K = ${chosen.k} missing from the scored grid`);
    const inSelection = new Uint8Array(test.count);
    for (const i of parts.selection) inSelection[i] = 1;
    const testRows = Array.from({ length: test.count }, (_, i) => ({
      index: i,
      label: test.labels[i],
      novel: split.novel[i],
      split: inSelection[i] ? 'selection' : 'evaluation',
      reconstruction: grid.reconstruction[i],
      nlnError: row.nlnError[i],
      distance: row.distance[i],
      score: scores[i],
      decision: scores[i] >= choice.threshold ? 1 : 0,
    }));
    await writeFileAtomic(join(folder, CLASS_FILES.scores), toCsv(testRows, TEST_SCORE_COLUMNS));
    await writeFileAtomic(join(folder, CLASS_FILES.rowsCsv), toCsv(rows, RESULT_COLUMNS));

    const record: ClassRecord = {
      formatVersion: 1,
      protocol: options.protocol,
      dataset: options.dataset,
      model: job.model,
      class: job.className,
      latentDim: options.latentDim,
      inputShape: [train.shape[0], train.shape[1], train.shape[2]],
      preprocessing: 'per-image-min-max',
      backend,
      seed: options.seed,
      startedAt,
      seconds: (Date.now() - started) / 1000,
      training: {
        images: train.count,
        epochs: options.epochs,
        batchSize: options.batchSize,
        seconds: trained.seconds,
        imagesPerSecond: trained.imagesPerSecond,
        lossHistory: trained.history,
      },
      counts: {
        train: train.count,
        selection: parts.selection.length,
        evaluation: parts.evaluation.length,
        selectionNovel: selLabels.reduce((a, b) => a + b, 0),
        evaluationNovel: evalLabels.reduce((a, b) => a + b, 0),
      },
      chosen: { k: chosen.k, alpha: chosen.alpha, rule: SELECTION_RULE },
      threshold: {
        method: options.thresholdMethod,
        value: choice.threshold,
        ...(options.thresholdMethod === 'target-fpr' ? { targetFpr: options.targetFpr } : {}),
        selectionF1: onSelection.f1,
        selectionFpr: onSelection.fpr,
        selectionTpr: onSelection.tpr,
      },
      rows,
      curves: {
        baseline: curveOf(selectValues(grid.reconstruction, parts.evaluation), evalLabels),
        nln: curveOf(selectValues(scores, parts.evaluation), evalLabels),
      },
      options: { ...options },
    };
    await writeClassRecord(folder, record);
    await markComplete(folder);
    return record;
  } finally {
    scorer.dispose();
    model.dispose();
  }
}
