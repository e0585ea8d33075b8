/**
 * `--workloads=mvtec-scale`: generates an MVTec-shaped class (`bottle`: N training images at 1024 px, test
 * images half good and half `broken` with ground-truth masks), runs the experiments' MVTec pipeline with
 * the paper profile for one epoch in a child process, and reads the time of each stage and the child's
 * peak resident memory (its own `process.resourceUsage().maxRSS`) from the class record it writes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { MvtecScaleResult } from '../output/results-schema';

/** The workspace root (where `apps/experiments/src/main.ts` lives). */
const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
const SIZE = 1024;

/** What to generate and how to run. */
export interface MvtecScaleOptions {
  /** Training images. */
  readonly images: number;
  /** Test images (half good, half broken). */
  readonly testImages: number;
  /** Training batch size (the paper's 1024 does not fit the wasm heap at 128 px). */
  readonly batchSize: number;
  /** Passed to `--memory-budget` when set. */
  readonly memoryBudget?: string;
  /** Working folder: the generated class and the run go below it. */
  readonly dir: string;
}

/** One generated `size` px RGB image: a smooth pattern that differs per image, light noise, and a bright square when broken. */
function imagePixels(n: number, broken: boolean, size: number): Buffer {
  const px = Buffer.alloc(size * size * 3);
  let s = (n * 2654435761) >>> 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const v = 110 + 50 * Math.sin(x / 37 + n) * Math.cos(y / 53) + 12 * (s / 2 ** 32);
      const spot = broken && inDefect(x, y, n, size);
      for (let c = 0; c < 3; c++) px[(y * size + x) * 3 + c] = spot ? 240 : Math.round(v + 10 * c);
    }
  }
  return px;
}

/** The defect square of broken image `n`: 59 px at 1024 px (scaled with `size`), placed by `n`. */
function inDefect(x: number, y: number, n: number, size: number): boolean {
  const cx = Math.floor(((200 + ((n * 173) % 600)) * size) / SIZE);
  const cy = Math.floor(((200 + ((n * 311) % 600)) * size) / SIZE);
  const half = Math.round((30 * size) / SIZE);
  return Math.abs(x - cx) < half && Math.abs(y - cy) < half;
}

async function writePng(file: string, pixels: Buffer, size: number, channels: 1 | 3): Promise<void> {
  mkdirSync(join(file, '..'), { recursive: true });
  const image = sharp(pixels, { raw: { width: size, height: size, channels } });
  // A 1-channel mask stays a greyscale PNG, as MVTec's are (sharp would otherwise write sRGB).
  await (channels === 1 ? image.toColourspace('b-w') : image).png({ compressionLevel: 1 }).toFile(file);
}

/**
 * Writes the class `<root>/bottle` at `size` px (default 1024): train/good, test/good, test/broken and
 * ground_truth/broken masks (1-channel PNGs).
 */
export async function generateMvtecClass(root: string, images: number, testImages: number, size = SIZE): Promise<void> {
  const name = (i: number) => `${String(i).padStart(3, '0')}.png`;
  for (let i = 0; i < images; i++) await writePng(join(root, 'bottle', 'train', 'good', name(i)), imagePixels(i, false, size), size, 3);
  const broken = Math.floor(testImages / 2);
  for (let i = 0; i < testImages - broken; i++) await writePng(join(root, 'bottle', 'test', 'good', name(i)), imagePixels(10_000 + i, false, size), size, 3);
  for (let i = 0; i < broken; i++) {
    await writePng(join(root, 'bottle', 'test', 'broken', name(i)), imagePixels(20_000 + i, true, size), size, 3);
    const mask = Buffer.alloc(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) mask[y * size + x] = inDefect(x, y, 20_000 + i, size) ? 255 : 0;
    await writePng(join(root, 'bottle', 'ground_truth', 'broken', name(i).replace('.png', '_mask.png')), mask, size, 1);
  }
}

const stageSchema = z.object({ stage: z.string(), seconds: z.number(), peakRssBytes: z.number() });
const recordSchema = z.object({
  memory: z.object({ budgetBytes: z.number(), neighbourSource: z.string(), cacheBytes: z.number(), keptBytes: z.number(), peakRssBytes: z.number(), stages: z.array(stageSchema) }),
  training: z.object({ images: z.number() }),
});

function findClassRecord(dir: string): string {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'class.json') return path;
    if (entry.isDirectory()) {
      const found = findClassRecord(path);
      if (found !== '') return found;
    }
  }
  return '';
}

function runChild(args: readonly string[]): Promise<number | null> {
  const tsx = join(WORKSPACE_ROOT, 'node_modules', '.bin', 'tsx');
  return new Promise((done, fail) => {
    const child = spawn(tsx, [join(WORKSPACE_ROOT, 'apps/experiments/src/main.ts'), ...args], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) => done(code));
  });
}

/** Generates the class, runs the paper-profile pipeline for one epoch, and returns its stages and peak RSS. */
export async function benchMvtecScale(options: MvtecScaleOptions, log: (line: string) => void): Promise<MvtecScaleResult> {
  const data = join(options.dir, 'data');
  const out = join(options.dir, 'run');
  rmSync(options.dir, { recursive: true, force: true });
  const t0 = performance.now();
  log(`mvtec-scale: generating ${options.images} training and ${options.testImages} test images at ${SIZE} px in ${data}`);
  await generateMvtecClass(data, options.images, options.testImages);
  const generateSeconds = (performance.now() - t0) / 1000;
  const args = [
    'mvtec', `--data-dir=${data}`, '--classes=bottle', '--profile=paper', '--model=ae', '--epochs=1',
    `--batch-size=${options.batchSize}`, '--plots=false', `--out=${out}`,
    ...(options.memoryBudget === undefined ? [] : [`--memory-budget=${options.memoryBudget}`]),
  ];
  const command = `tsx apps/experiments/src/main.ts ${args.join(' ')}`;
  log(`mvtec-scale: ${command}`);
  const t1 = performance.now();
  const code = await runChild(args);
  const runSeconds = (performance.now() - t1) / 1000;
  if (code !== 0) throw new Error(`mvtec-scale: the experiments run exited with ${code}; its output is above`);
  const file = findClassRecord(out);
  if (file === '') throw new Error(`mvtec-scale: no class.json under ${out}`);
  const record = recordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    images: options.images,
    testImages: options.testImages,
    imageSize: SIZE,
    trainingSamples: record.training.images,
    batchSize: options.batchSize,
    command,
    generateSeconds,
    runSeconds,
    budgetBytes: record.memory.budgetBytes,
    neighbourSource: record.memory.neighbourSource,
    cacheBytes: record.memory.cacheBytes,
    keptBytes: record.memory.keptBytes,
    peakRssBytes: record.memory.peakRssBytes,
    stages: record.memory.stages,
  };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** The result as a Markdown section for benchmarks.md. */
export function formatMvtecScale(r: MvtecScaleResult): string {
  return [
    '## MVTec scale (paper profile, one epoch)',
    '',
    `${r.images} training images and ${r.testImages} test images at ${r.imageSize} px: ${r.trainingSamples} training samples, batch ${r.batchSize}.`,
    `Neighbour reconstructions: ${r.neighbourSource} (float cache ${mib(r.cacheBytes)} MiB, images kept ${mib(r.keptBytes)} MiB, budget ${mib(r.budgetBytes)} MiB).`,
    `Generating the class took ${r.generateSeconds.toFixed(1)} s; the run ${r.runSeconds.toFixed(1)} s, peak RSS **${mib(r.peakRssBytes)} MiB**.`,
    '',
    '| stage | seconds | peak RSS at its end (MiB) |',
    '|---|---:|---:|',
    ...r.stages.map((s) => `| ${s.stage} | ${s.seconds.toFixed(1)} | ${mib(s.peakRssBytes)} |`),
    '',
    `Command: \`${r.command}\``,
    '',
  ].join('\n');
}
