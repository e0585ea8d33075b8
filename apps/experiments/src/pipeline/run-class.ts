import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { normalizePerImage, selectImages, selectionSplit, type ImageSet, type NoveltySplit } from '@nln/datasets';
import { createModel, saveModel, writeFileAtomic } from '@nln/models';
import { NlnScorer, saveNlnScorer } from '@nln/nln-core';
import type { ModelName } from '../cli/options';
import { toCsv } from '../output/csv';
import { RESULT_COLUMNS } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import type { JobOptions } from './class-jobs';
import { CLASS_FILES, markComplete, writeClassRecord, type ClassRecord } from './class-record';
import { evaluateClass, evaluationRecord, resultRows, TEST_SCORE_COLUMNS, testScoreRows, trainingRecord } from './class-evaluation';
import { trainWithProgress } from './train-with-progress';

/** One (class, model, L) job of a protocol run. */
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

/**
 * Runs one (class, model, L): normalise the split, train, build the NLN scorer over the training latents,
 * score the test set for every K and alpha, choose K and alpha on the selection split, calibrate the scorer
 * (fixed constants and a decision threshold from the selection split) and write the class folder. The
 * completion marker is written last.
 */
export async function runClass(job: ClassJob, options: JobOptions, backend: string, progress: ProgressReporter): Promise<ClassRecord> {
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
  const scorer = await NlnScorer.build(model, train.images, { featureConsistency: options.featureConsistency, log: (m) => progress.info(`  ${m}`) });
  try {
    const grid = await scorer.scoreGrid(test.images, options.k, options.alpha);
    const ev = evaluateClass(grid.rows, grid.reconstruction, split.novel, parts, options);
    const { chosen, threshold } = ev;
    const rows = resultRows({ protocol: options.protocol, dataset: options.dataset, model: job.model, class: job.className, latentDim: options.latentDim, featureConsistency: options.featureConsistency }, ev);

    progress.stage(`calibrating on ${parts.selection.length} selection images: K=${chosen.k}, alpha=${chosen.alpha}`);
    const selectionImages = selectImages(test, parts.selection).images;
    await scorer.calibrate(selectionImages, { k: chosen.k, alpha: chosen.alpha });
    const methodName = options.thresholdMethod === 'best-f1' ? 'best-f1-on-selection' : `fpr<=${options.targetFpr}-on-selection`;
    scorer.setThreshold({ value: threshold.threshold, method: methodName });
    await saveNlnScorer(scorer, join(folder, CLASS_FILES.scorer));

    await writeFileAtomic(join(folder, CLASS_FILES.scores), toCsv(testScoreRows(ev, (i) => test.labels[i]), TEST_SCORE_COLUMNS));
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
      training: trainingRecord(train.count, options, trained),
      ...evaluationRecord(ev, train.count, rows, options),
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
