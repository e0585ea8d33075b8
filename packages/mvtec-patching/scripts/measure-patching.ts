/**
 * Times the hot paths of @nln/mvtec-patching on one MVTec-sized image:
 *   npx tsx packages/mvtec-patching/scripts/measure-patching.ts [--runs 30]
 * Prints the median and the fastest of `runs` repetitions after two warm-up runs. Wall-clock figures on a
 * shared machine are noisy; compare medians from the same machine only.
 */
import { performance } from 'node:perf_hooks';
import {
  extractPatches,
  patchBatches,
  patchGrid,
  reassemble,
  resizeBilinear,
  resizeWithSharp,
  type Raster,
} from '../src/index';

function parseRuns(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at === -1) return 30;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error(`--runs must be a positive integer, got ${argv[at + 1]}`);
  return runs;
}

function image(height: number, width: number, channels: number): Raster<Uint8Array> {
  const data = new Uint8Array(height * width * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { data, width, height, channels };
}

async function time(label: string, runs: number, work: () => unknown): Promise<void> {
  for (let i = 0; i < 2; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`${label.padEnd(58)} median ${median.toFixed(2).padStart(8)} ms   min ${ms[0].toFixed(2).padStart(8)} ms`);
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const rgb1024 = image(1024, 1024, 3);
  const rgb900 = image(900, 900, 3);
  const grid = patchGrid(1024, 1024);
  const patches = extractPatches(grid, rgb1024);
  const errorPatches = Float32Array.from(patches, (v) => v / 255);
  console.log(`@nln/mvtec-patching timings, ${runs} runs each (Node ${process.version}; noisy shared machine)`);
  await time('extractPatches 1024x1024 RGB uint8 -> 64 x 128x128', runs, () => extractPatches(grid, rgb1024));
  await time('patchBatches 1024x1024 RGB -> 64 float patches (/255)', runs, () => [
    ...patchBatches([rgb1024], grid, { scale: 1 / 255 }),
  ]);
  await time('reassemble 64 float RGB patches -> 1024x1024', runs, () => reassemble(errorPatches, grid, 3));
  await time('resizeWithSharp 900 -> 1024 RGB (sharp linear)', runs, () => resizeWithSharp(rgb900, 1024, 1024));
  await time('resizeBilinear 900 -> 1024 RGB (TF-exact, float)', runs, () => resizeBilinear(rgb900, 1024, 1024));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
