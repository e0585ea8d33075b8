import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMvtecClass, selectionSplit, type ImageShape } from '@nln/datasets';
import { createModel, saveModel, writeFileAtomic, type ModelKind } from '@nln/models';
import { NlnScorer } from '@nln/nln-core';
import { coverageMask, extractPatches, patchGrid, raster, workingSize } from '@nln/mvtec-patching';
import type { RunOptions } from '../cli/commands/train';
import { toCsv } from '../output/csv';
import { imageGrid, type Tile } from '../output/plots';
import { RESIDUALS_FILE, RESULT_COLUMNS, type ClassRun } from '../output/write-results';
import type { ProgressReporter } from '../progress';
import { CLASS_FILES, markComplete, writeClassRecord, type ClassRecord } from '../output/class-record';
import { finishRun, runOrReuse, type JobOptions } from './class-jobs';
import { evaluateClass, evaluationRecord, resultRows, TEST_SCORE_COLUMNS, testScoreRows, trainingRecord } from './class-evaluation';
import { mvtecMapTiles, mvtecMapTitles } from './mvtec-map-tiles';
import { describeMemoryPlan, planMemory } from './memory-budget';
import { scoreImagesOneByOne } from './mvtec-image-scores';
import { chooseSegmentationOnSelection, evaluatePixels, imageMapsAt, type ImageStream, type MappedImages, type SegmentationInputs } from './mvtec-pixels';
import { planMvtecJobs, type MvtecJob } from './mvtec-jobs';
import { mvtecTraining } from './mvtec-training';
import { describeStages, peakRssBytes, StageClock } from './stage-clock';
import { trainWithProgress } from './train-with-progress';

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Runs one MVTec-AD (class, model): patches, training, NLN scoring, image and pixel metrics, residual maps.
 * Streams: images are kept as bytes, training samples cut batch by batch from a seeded plan, test images
 * scored and mapped one at a time; the neighbour cache is kept only when it fits the memory budget.
 */
async function runMvtecClass(className: string, model: ModelKind, folder: string, options: JobOptions, backend: string, progress: ProgressReporter): Promise<ClassRecord> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const clock = new StageClock();
  const root = options.dataDir as string;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const size = options.imageSize ?? workingSize(className);
  progress.stage(`loading ${className} at ${size}x${size}`);
  clock.start('load');
  const { train, test } = await loadMvtecClass(root, className, { size: [size, size] });
  const channels = train.shape[2];
  const grid = patchGrid(size, size, { patchSize: options.patchSize });
  const P = grid.patchesPerImage;
  const imageLen = size * size * channels;
  const imageOf = (images: Uint8Array, i: number) => raster(images.subarray(i * imageLen, (i + 1) * imageLen), size, size, channels);
  const training = mvtecTraining(Array.from({ length: train.count }, (_, i) => imageOf(train.images, i)), { patchSize: options.patchSize, seed: options.seed, limit: options.limit });
  if (!training.cropsFit) progress.info(`  no random tile crops: a ${size}px image has no ${training.tileSize}px tile in its central 80%`);
  const { source } = training;
  const count = source.count;
  const inputShape: ImageShape = source.shape;
  const memory = planMemory({
    samples: count,
    sampleValues: inputShape[0] * inputShape[1] * inputShape[2],
    keptBytes: train.images.length + test.images.length + test.masks.length,
    testPixels: test.count * size * size,
    selectionFraction: options.selectionFraction,
    budgetBytes: options.memoryBudget,
  });
  progress.info(`  ${describeMemoryPlan(memory)}`);

  progress.stage(`training ${model} on ${count} patches and crops of ${train.count} images (cut batch by batch)`);
  clock.start('train');
  const net = createModel(model, { inputShape, latentDim: options.latentDim, seed: options.seed });
  const trained = await trainWithProgress(net, source, count, options, progress);
  await saveModel(net, join(folder, CLASS_FILES.model));

  progress.stage(`scoring ${test.count} test images (${P} patches each), one image at a time`);
  clock.start('scorer');
  const scorer = await NlnScorer.build(net, source, {
    featureConsistency: options.featureConsistency,
    neighbourSource: memory.neighbourSource,
    log: (m) => progress.info(`  ${m}`),
    onProgress: (p) => {
      if (p.phase === 'training-set') progress.count('training samples encoded', p.done, p.total);
    },
  });
  try {
    clock.start('score');
    const patchesOf = (i: number) => extractPatches(grid, imageOf(test.images, i));
    const { terms: imageTerms, reconstruction } = await scoreImagesOneByOne(scorer, test.count, P, patchesOf, options.k, (done) =>
      progress.count('test images scored', done, test.count),
    );
    const novel = Uint8Array.from(test.labels, (l) => (l > 0 ? 1 : 0));
    const parts = selectionSplit({ novel, labels: test.labels }, { fraction: options.selectionFraction, seed: options.seed });
    const ev = evaluateClass(imageTerms, reconstruction, novel, parts, options);
    const { chosen } = ev;

    // Only pixels that patches cover count (maps are NaN elsewhere); segmentation K and alpha are chosen
    // apart from the image-level ones, by pixel AUROC on the selection images.
    clock.start('pixel');
    const covered = coverageMask(grid).data;
    const maskOf = (i: number) => test.masks.subarray(i * size * size, (i + 1) * size * size);
    const mapped = async (indices: ArrayLike<number>, k: number): Promise<MappedImages> => {
      const maps: SegmentationInputs[] = [];
      for (const i of Array.from(indices)) {
        const { nln, distance } = await imageMapsAt(scorer, patchesOf(i), grid, k);
        maps.push({ nln, distance });
        progress.count(`selection maps at K=${k}`, maps.length, indices.length);
      }
      return { maps, masks: Array.from(indices, maskOf) };
    };
    progress.stage(`segmentation K and alpha by pixel AUROC on ${parts.selection.length} selection images`);
    const fit = await chooseSegmentationOnSelection(options.k, options.alpha, covered, (k) => mapped(parts.selection, k));
    const segmentation = fit.choice;
    progress.stage(`pixel maps at K=${segmentation.k}, alpha=${segmentation.alpha}`);
    const frame = { width: size, height: size, covered };
    const evaluation: ImageStream = {
      count: parts.evaluation.length,
      at: async (j) => {
        const maps = await imageMapsAt(scorer, patchesOf(parts.evaluation[j]), grid, segmentation.k);
        progress.count('evaluation maps', j + 1, parts.evaluation.length);
        return { maps, mask: maskOf(parts.evaluation[j]) };
      },
    };
    const pixel = await evaluatePixels(fit, evaluation, frame, (m) => progress.info(`  ${m}`));

    const rows = resultRows({ protocol: 'mvtec', dataset: 'mvtec', model, class: className, latentDim: options.latentDim, featureConsistency: options.featureConsistency }, ev, pixel);
    clock.start('calibrate');
    await scorer.calibrate(concatBytes(Array.from(parts.selection, patchesOf)), { k: chosen.k, alpha: chosen.alpha });
    await scorer.save(join(folder, CLASS_FILES.scorer));

    progress.stage('residual maps');
    clock.start('residual-maps');
    const defective = Array.from(parts.evaluation).filter((i) => novel[i] === 1).slice(0, 3);
    const good = Array.from(parts.evaluation).filter((i) => novel[i] === 0).slice(0, 1);
    const gridRows: Tile[][] = [];
    for (const i of [...defective, ...good]) {
      gridRows.push(await mvtecMapTiles(scorer, patchesOf(i), imageOf(test.images, i).data, grid, channels, chosen.k, maskOf(i)));
    }
    if (gridRows.length > 0) {
      await writeFileAtomic(join(folder, RESIDUALS_FILE), await imageGrid(gridRows, mvtecMapTitles(chosen.k, true), 128));
    }
    const stages = clock.finish();
    progress.info(`  ${describeStages(stages)}`);

    await writeFileAtomic(join(folder, CLASS_FILES.scores), toCsv(testScoreRows(ev, (i) => test.classNames[test.labels[i]]), TEST_SCORE_COLUMNS));
    await writeFileAtomic(join(folder, CLASS_FILES.rowsCsv), toCsv(rows, RESULT_COLUMNS));
    const record: ClassRecord = {
      formatVersion: 1,
      protocol: 'mvtec',
      dataset: 'mvtec',
      model,
      class: className,
      latentDim: options.latentDim,
      inputShape: [inputShape[0], inputShape[1], inputShape[2]],
      preprocessing: 'divide-255',
      backend,
      seed: options.seed,
      startedAt,
      seconds: (Date.now() - started) / 1000,
      training: trainingRecord(count, options, trained),
      ...evaluationRecord(ev, count, rows, options),
      imageScoring: { imageSize: size, patchSize: options.patchSize, nlnError: ev.calibration.constants.nlnError, distance: ev.calibration.constants.distance },
      segmentation,
      memory: { ...memory, peakRssBytes: peakRssBytes(), stages: [...stages] },
      options: { ...options, imageSize: size },
    };
    await writeClassRecord(folder, record);
    await markComplete(folder);
    return record;
  } finally {
    scorer.dispose();
    net.dispose();
  }
}

/** Runs one planned MVTec-AD job ({@link planMvtecJobs}) into its class folder; the local run and the queue worker call it. */
export function runMvtecJob(job: MvtecJob, backend: string, progress: ProgressReporter): Promise<ClassRecord> {
  return runMvtecClass(job.className, job.model, job.target.folder, job.target.options, backend, progress);
}

/**
 * `mvtec`: each (class, model) of an MVTec-AD root in its own class folder: the reference's patches,
 * crops and rotations for training; image scores from patch terms (mean NLN error, max distance); pixel
 * AUROC, IoU (threshold by Youden's J on the selection images) and AUPRO on the evaluation images.
 */
export async function runMvtec(options: RunOptions, backend: string, progress: ProgressReporter): Promise<ClassRun[]> {
  const started = Date.now();
  const jobs = await planMvtecJobs(options);
  const runs: ClassRun[] = [];
  for (const job of jobs) {
    progress.startJob(job.index + 1, jobs.length, job.label);
    runs.push(await runOrReuse(job.target, options.resume, progress, () => runMvtecJob(job, backend, progress)));
  }
  await finishRun(runs, { protocol: 'mvtec', dataset: 'mvtec', backend, started }, options, progress);
  return runs;
}
