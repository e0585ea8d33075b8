import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { applyMinMax, combineScores, type NlnScorer } from '@nln/nln-core';
import { extractPatches, imageScoresFromPatches, patchGrid, raster } from '@nln/mvtec-patching';
import { writeFileAtomic } from '@nln/models';
import { imageGrid } from '../output/plots';
import type { ClassRecord } from '../output/class-record';
import { mvtecMapTiles, mvtecMapTitles } from '../pipeline/mvtec-map-tiles';
import { mapFileName } from './map-file-name';
import { listInputFiles, readInputFile, type SkippedInput } from './read-inputs';
import type { MvtecImageScore } from './scored-image';

/** The images to score for an MVTec run: an MVTec class folder's `test/` images, or the files `--input` names. */
export async function listMvtecInputs(input: string): Promise<string[]> {
  const test = join(input, 'test');
  const isClassFolder = await stat(test).then((s) => s.isDirectory(), () => false);
  return listInputFiles(isClassFolder ? test : input);
}

/**
 * Scores whole MVTec-AD images as the run did: resize to the run's working size, cut the patch grid, score
 * the patches with the calibrated scorer (K and per-patch terms), then take the mean patch NLN error and the
 * max patch distance, normalised with the image-level constants from the run's selection images. A file
 * that cannot be read is skipped and reported. With `mapsDir`, each scored image also gets a PNG there
 * (tiles at the working size): input, reconstruction, the K neighbours' reconstructions and the two error
 * maps, reassembled from its patches.
 */
export async function scoreMvtecImages(scorer: NlnScorer, record: ClassRecord, files: readonly string[], mapsDir?: string): Promise<{ rows: MvtecImageScore[]; skipped: SkippedInput[] }> {
  const scoring = record.imageScoring;
  if (scoring === undefined) throw new Error(`class.json of this ${record.protocol} run has no image-level scoring constants (written by mvtec runs)`);
  const { imageSize: size, patchSize } = scoring;
  const channels = record.inputShape[2];
  const grid = patchGrid(size, size, { patchSize });
  const rows: MvtecImageScore[] = [];
  const skipped: SkippedInput[] = [];
  for (const file of files) {
    let pixels: Uint8Array;
    try {
      const [image] = await readInputFile(file, [size, size, channels]);
      pixels = image.pixels;
    } catch (error) {
      skipped.push({ name: file, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const patches = extractPatches(grid, raster(pixels, size, size, channels));
    const patchInputs = Float32Array.from(patches, (v) => v / 255);
    const report = await scorer.score(patchInputs);
    if (mapsDir !== undefined) {
      const tiles = await mvtecMapTiles(scorer, patchInputs, pixels, grid, channels, report.k);
      await writeFileAtomic(join(mapsDir, mapFileName(rows.length, file)), await imageGrid([tiles], mvtecMapTitles(report.k, false), size));
    }
    const P = grid.patchesPerImage;
    const e = imageScoresFromPatches(report.samples.map((s) => s.nlnError), P, 'mean')[0];
    const d = imageScoresFromPatches(report.samples.map((s) => s.distance), P, 'max')[0];
    const r = imageScoresFromPatches(report.samples.map((s) => s.reconstruction), P, 'mean')[0];
    const eN = applyMinMax(Float32Array.of(e), scoring.nlnError);
    const dN = applyMinMax(Float32Array.of(d), scoring.distance);
    const score = combineScores(eN, dN, report.alpha)[0];
    rows.push({
      file,
      score,
      nlnError: e,
      distance: d,
      reconstruction: r,
      nlnErrorNormalised: eN[0],
      distanceNormalised: dN[0],
      decision: score >= record.threshold.value ? 'novel' : 'normal',
    });
  }
  return { rows, skipped };
}
