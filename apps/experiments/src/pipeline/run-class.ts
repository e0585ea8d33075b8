import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { normalisePerImage, selectionSplit, type ImageSet, type NoveltySplit } from '@nln/datasets';
import { createModel, saveModel, writeFileAtomic, type ModelKind } from '@nln/models';
import { NlnScorer } from '@nln/nln-core';
import { toCsv } from '../output/csv';
import { RESULT_COLUMNS } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { thresholdLabel } from '../vocabulary';
import type { JobOptions } from './class-jobs';
import { CLASS_FILES, markComplete, writeClassRecord, type ClassRecord } from '../output/class-record';
import { evaluateClass, evaluationRecord, resultRows, TEST_SCORE_COLUMNS, testScoreRows, trainingRecord } from './class-evaluation';
import { trainWithProgress } from './train-with-progress';

/** One (class, model, L) job of a protocol run. */
export interface ClassJob {
  /** Class label as reported (index for the numbered data sets). */
  readonly className: string;
  /** The model to train. */
  readonly model: ModelKind;
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

  const train: ImageSet<Float32Array> = normalisePerImage(split.train);
  const test: ImageSet<Float32Array> = normalisePerImage(split.test);
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
    const { threshold } = ev;
    const rows = resultRows({ protocol: options.protocol, dataset: options.dataset, model: job.model, class: job.className, latentDim: options.latentDim, featureConsistency: options.featureConsistency }, ev);

    // The evaluation's own selection-split constants: no second model pass over the selection images.
    scorer.setCalibration(ev.calibration, { value: threshold.threshold, method: thresholdLabel(options.thresholdMethod, options.targetFpr) });
    await scorer.save(join(folder, CLASS_FILES.scorer));

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
