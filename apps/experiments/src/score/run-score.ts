import { join } from 'node:path';
import { minMaxPerImage, imageSize, type ImageShape } from '@nln/datasets';
import { loadModel, writeFileAtomic, writeJsonAtomic } from '@nln/models';
import { NlnScorer, type SampleScore } from '@nln/nln-core';
import type { ScoreOptions } from '../cli/commands/score';
import { toCsv } from '../output/csv';
import { imageGrid, type Tile } from '../output/plots';
import { CLASS_FILES, readClassRecord, type ClassRecord } from '../output/class-record';
import { thresholdLabel } from '../vocabulary';
import { listInputFiles, readInputs, type InputImage, type SkippedInput } from './read-inputs';
import { mapFileName } from './map-file-name';
import { listMvtecInputs, scoreMvtecImages } from './score-mvtec';
import { SCORE_COLUMNS, type ScoredImage } from './scored-image';

/** Exit code of `score` when some inputs were skipped (the rest were scored). */
export const SKIPPED_EXIT_CODE = 3;

/** Scales 8-bit inputs to [0, 1] the way the run's training data was. */
export function preprocess(images: readonly InputImage[], shape: ImageShape, mode: ClassRecord['preprocessing']): Float32Array {
  const size = imageSize(shape);
  const raw = new Uint8Array(images.length * size);
  images.forEach((img, i) => raw.set(img.pixels, i * size));
  if (mode === 'per-image-min-max') return minMaxPerImage(raw, shape, images.length);
  return Float32Array.from(raw, (v) => v / 255);
}

function toScored(file: string, s: SampleScore): ScoredImage {
  return {
    file,
    score: s.score,
    nlnError: s.nlnError,
    distance: s.distance,
    reconstruction: s.reconstruction,
    nlnErrorNormalised: s.normalised.nlnError,
    distanceNormalised: s.normalised.distance,
    reconstructionNormalised: s.normalised.reconstruction,
    decision: s.decision === null ? '' : s.decision ? 'novel' : 'normal',
  };
}

/** Loads a class folder's model and calibrated scorer; errors name the folder and what is wrong. */
export async function loadRun(folder: string, batchSize: number): Promise<{ record: ClassRecord; scorer: NlnScorer; dispose: () => void }> {
  const record = await readClassRecord(folder);
  const model = await loadModel(join(folder, CLASS_FILES.model), { kind: record.model, inputShape: record.inputShape, latentDim: record.latentDim });
  if (model.kind !== record.model) throw new Error(`${folder}: the model folder holds a ${model.kind} model but class.json says ${record.model}`);
  const shape = model.inputShape;
  if (shape[0] !== record.inputShape[0] || shape[1] !== record.inputShape[1] || shape[2] !== record.inputShape[2]) {
    throw new Error(`${folder}: the model takes ${shape.join('x')} but class.json says ${record.inputShape.join('x')}`);
  }
  const scorer = await NlnScorer.load(join(folder, CLASS_FILES.scorer), model, { batchSize });
  const dispose = () => {
    scorer.dispose();
    model.dispose();
  };
  if (scorer.calibration === null) {
    dispose();
    throw new Error(`${join(folder, CLASS_FILES.scorer)}: the scorer was saved without calibration`);
  }
  return { record, scorer, dispose };
}

async function writeMaps(scorer: NlnScorer, images: readonly InputImage[], inputs: Float32Array, shape: ImageShape, dir: string): Promise<void> {
  const size = imageSize(shape);
  const [h, w, c] = shape;
  const chunk = 16;
  for (let start = 0; start < images.length; start += chunk) {
    const end = Math.min(images.length, start + chunk);
    const maps = await scorer.errorMaps(inputs.subarray(start * size, end * size));
    const k = maps.k;
    for (let i = 0; i < end - start; i++) {
      const img = (data: Float32Array, offset: number): Tile => ({ pixels: data.subarray(offset, offset + size), height: h, width: w, channels: c });
      const reconMap = maps.reconstruction.subarray(i * h * w, (i + 1) * h * w);
      const nlnMap = maps.nlnError.subarray(i * h * w, (i + 1) * h * w);
      let peak = 0;
      for (let j = 0; j < h * w; j++) peak = Math.max(peak, reconMap[j], nlnMap[j]);
      const heat = (map: Float32Array): Tile => ({ pixels: map.map((v) => (peak > 0 ? v / peak : 0)), height: h, width: w, channels: 1, heat: true });
      const tiles: Tile[] = [img(inputs, (start + i) * size), img(maps.reconstructions, i * size)];
      for (let j = 0; j < k; j++) tiles.push(img(maps.neighbourReconstructions, (i * k + j) * size));
      tiles.push(heat(reconMap), heat(nlnMap));
      const titles = ['input', 'reconstruction', ...Array.from({ length: k }, (_, j) => `neighbour ${j + 1}`), '|x - x̂| (shared scale)', 'NLN error'];
      const png = await imageGrid([tiles], titles);
      await writeFileAtomic(join(dir, mapFileName(start + i, images[start + i].name)), png);
    }
  }
}

function printTable(rows: readonly ScoredImage[], log: (line: string) => void): void {
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  log(`${'file'.padEnd(width)}  ${'score'.padStart(8)}  ${'nln err'.padStart(9)}  ${'distance'.padStart(9)}  ${'recon'.padStart(9)}  decision`);
  for (const r of rows) {
    const file = r.file.length > width ? `…${r.file.slice(r.file.length - width + 1)}` : r.file;
    log(`${file.padEnd(width)}  ${r.score.toFixed(4).padStart(8)}  ${r.nlnError.toPrecision(4).padStart(9)}  ${r.distance.toPrecision(4).padStart(9)}  ${r.reconstruction.toPrecision(4).padStart(9)}  ${r.decision}`);
  }
}

/** Writes `scores.csv` and `scores.json` (the run, the scoring state `details` names, the rows and skipped inputs). */
async function writeScores(
  options: ScoreOptions,
  record: ClassRecord,
  backend: string,
  rows: readonly object[],
  columns: readonly string[],
  details: Record<string, unknown>,
  skipped: readonly SkippedInput[],
): Promise<void> {
  await writeFileAtomic(join(options.out, 'scores.csv'), toCsv(rows, columns));
  await writeJsonAtomic(join(options.out, 'scores.json'), {
    run: options.run,
    model: record.model,
    class: record.class,
    protocol: record.protocol,
    dataset: record.dataset,
    backend,
    ...details,
    scores: rows,
    skipped,
  });
}

/** Reports skipped inputs and throws when nothing was left to score. */
function reportSkipped(skipped: readonly SkippedInput[], scored: number, files: number, log: (line: string) => void): void {
  for (const s of skipped) log(`skipped: ${s.reason}`);
  if (scored === 0) throw new Error(`nothing to score: all ${files} input file(s) were skipped`);
}

/** The exit code after scoring: {@link SKIPPED_EXIT_CODE}, with a warning, when some inputs were skipped. */
function exitCode(skipped: readonly SkippedInput[], log: (line: string) => void): number {
  if (skipped.length === 0) return 0;
  log(`warning: ${skipped.length} input file(s) skipped (see above); exit code ${SKIPPED_EXIT_CODE}`);
  return SKIPPED_EXIT_CODE;
}

/**
 * `score`: scores PNG/JPEG images, IDX or CIFAR files with a class folder's model and calibrated scorer
 * (fixed normalisation, K, alpha and threshold from the run's selection split), prints a table and writes
 * scores.csv / scores.json (and maps with `--maps`). Returns the exit code: 0, or
 * {@link SKIPPED_EXIT_CODE} when some inputs were skipped.
 */
export async function runScore(options: ScoreOptions, backend: string, log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const started = Date.now();
  const { record, scorer, dispose } = await loadRun(options.run, options.batchSize);
  try {
    const shape = scorer.model.inputShape;
    const loaded = Date.now();
    if (record.protocol === 'mvtec') return await runMvtecScore(options, record, scorer, backend, log);
    const files = await listInputFiles(options.input);
    const { images, skipped } = await readInputs(files, shape, { resize: options.resize });
    const read = Date.now();
    reportSkipped(skipped, images.length, files.length, log);
    const resized = images.filter((im) => im.resizedFrom !== undefined).map((im) => ({ name: im.name, from: im.resizedFrom }));
    for (const r of resized) log(`resized: ${r.name} from ${r.from?.join('x')} to ${shape[0]}x${shape[1]}`);
    const inputs = preprocess(images, shape, record.preprocessing);
    const report = await scorer.score(inputs);
    const scoredAt = Date.now();
    const rows = report.samples.map((s, i) => toScored(images[i].name, s));
    if (!options.quiet) printTable(rows, log);
    const { k, alpha, alphaConvention, normalisation, threshold } = report;
    await writeScores(options, record, backend, rows, SCORE_COLUMNS, { k, alpha, alphaConvention, normalisation, threshold, resized }, skipped);
    if (options.maps) await writeMaps(scorer, images, inputs, shape, join(options.out, 'maps'));
    const novel = rows.filter((r) => r.decision === 'novel').length;
    const seconds = (Date.now() - started) / 1000;
    const phases = `load ${((loaded - started) / 1000).toFixed(2)} s, read ${((read - loaded) / 1000).toFixed(2)} s, score ${((scoredAt - read) / 1000).toFixed(2)} s`;
    log(`scored ${rows.length} image(s) in ${seconds.toFixed(2)} s (${phases}) with ${record.model} K=${report.k} alpha=${report.alpha}; ${novel} novel at threshold ${report.threshold?.value.toFixed(4) ?? '-'} (${report.threshold?.method ?? 'none'}); wrote ${options.out}/scores.csv`);
    return exitCode(skipped, log);
  } finally {
    dispose();
  }
}

/** `score` for an MVTec run: whole images (or an MVTec class folder's test images) scored from their patches. */
async function runMvtecScore(options: ScoreOptions, record: ClassRecord, scorer: NlnScorer, backend: string, log: (line: string) => void): Promise<number> {
  const started = Date.now();
  const files = await listMvtecInputs(options.input);
  const { rows, skipped } = await scoreMvtecImages(scorer, record, files, options.maps ? join(options.out, 'maps') : undefined);
  reportSkipped(skipped, rows.length, files.length, log);
  const table: ScoredImage[] = rows.map((r) => ({ ...r, reconstructionNormalised: NaN }));
  if (!options.quiet) printTable(table, log);
  const threshold = { value: record.threshold.value, method: thresholdLabel(record.threshold.method, record.threshold.targetFpr) };
  const details = { k: record.chosen.k, alpha: record.chosen.alpha, imageScoring: record.imageScoring, threshold };
  await writeScores(options, record, backend, rows, SCORE_COLUMNS.filter((c) => c !== 'reconstructionNormalised'), details, skipped);
  log(`scored ${rows.length} MVTec image(s) in ${((Date.now() - started) / 1000).toFixed(2)} s; ${rows.filter((r) => r.decision === 'novel').length} novel; wrote ${options.out}/scores.csv`);
  return exitCode(skipped, log);
}
