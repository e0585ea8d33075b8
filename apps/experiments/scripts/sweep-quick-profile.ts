/**
 * Sweeps the quick profile's training budget: for each (training-set size, epochs, batch size) runs
 * `experiments miso` on the given classes into its own folder (with --resume, so an interrupted sweep
 * continues), then writes `sweep.md` and `sweep.json` beside them: per configuration the class-mean
 * held-out baseline AUROC (Eq. 3, evaluation split) and NLN AUROC (K and alpha chosen on the selection
 * split), and the mean seconds per class run (training, scoring and writing, as class.json records them).
 *
 *   npx tsx apps/experiments/scripts/sweep-quick-profile.ts --out=results/sweep \
 *       --classes=1,4,9 --configs=3000x4x64,6000x2x64 [--dataset=mnist] [--jobs=2]
 *
 * A configuration is LIMITxEPOCHSxBATCH. `--jobs` runs that many configurations at once (each run
 * uses one core on wasm); seconds per class then include the contention, so compare within one sweep.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@nln/models';
import { parseResults, type ResultRow } from '../src/output/results-schema';

interface Config {
  readonly limit: number;
  readonly epochs: number;
  readonly batchSize: number;
}

function arg(name: string, fallback?: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = hit?.slice(name.length + 3) ?? fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

function parseConfig(text: string): Config {
  const m = /^(\d+)x(\d+)x(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--configs: '${text}' is not LIMITxEPOCHSxBATCH (e.g. 3000x4x64)`);
  return { limit: Number(m[1]), epochs: Number(m[2]), batchSize: Number(m[3]) };
}

const name = (c: Config): string => `${c.limit}x${c.epochs}x${c.batchSize}`;

function run(config: Config, out: string, classes: string, dataset: string): Promise<void> {
  const args = [
    'tsx', 'apps/experiments/src/main.ts', 'miso',
    `--dataset=${dataset}`, `--classes=${classes}`, `--limit=${config.limit}`, `--epochs=${config.epochs}`,
    `--batch-size=${config.batchSize}`, `--out=${join(out, name(config))}`, '--resume', '--plots=false',
  ];
  return new Promise((done, fail) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${name(config)}: experiments exited with ${code}`))));
  });
}

async function classSeconds(folder: string): Promise<number[]> {
  const seconds: number[] = [];
  for (const entry of await readdir(folder, { recursive: true })) {
    if (!String(entry).endsWith('class.json')) continue;
    const record = JSON.parse(await readFile(join(folder, String(entry)), 'utf8')) as { seconds: number };
    seconds.push(record.seconds);
  }
  return seconds;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

async function summarise(config: Config, out: string): Promise<Record<string, number | string>> {
  const folder = join(out, name(config));
  const file = join(folder, 'results.json');
  const results = parseResults(await readFile(file, 'utf8'), file);
  const chosen = results.rows.filter((r: ResultRow) => r.split === 'evaluation' && r.selected);
  const seconds = await classSeconds(folder);
  return {
    config: name(config),
    limit: config.limit,
    epochs: config.epochs,
    batchSize: config.batchSize,
    steps: config.epochs * Math.ceil(config.limit / config.batchSize),
    classes: chosen.length,
    baseline: mean(chosen.map((r) => r.aurocReconstruction)),
    nln: mean(chosen.map((r) => r.aurocNln)),
    secondsPerClass: mean(seconds),
  };
}

async function main(): Promise<void> {
  const out = resolve(arg('out'));
  const classes = arg('classes');
  const dataset = arg('dataset', 'mnist');
  const jobs = Number(arg('jobs', '1'));
  const configs = arg('configs').split(',').map(parseConfig);
  await mkdir(out, { recursive: true });
  const queue = [...configs];
  await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) await run(c, out, classes, dataset);
    }),
  );
  const rows = [];
  for (const c of configs) rows.push(await summarise(c, out));
  const f = (v: number | string): string => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v));
  const table = [
    `Quick-profile sweep: ${dataset} MISO, AE, classes ${classes}, held-out evaluation split (${new Date().toISOString()})`,
    '',
    '| training images | epochs | batch | steps | classes | baseline AUROC | NLN AUROC | wall s per class |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${f(r.limit)} | ${f(r.epochs)} | ${f(r.batchSize)} | ${f(r.steps)} | ${f(r.classes)} | ${f(r.baseline)} | ${f(r.nln)} | ${(r.secondsPerClass as number).toFixed(0)} |`),
    '',
  ].join('\n');
  for (const [file, text] of [['sweep.md', table], ['sweep.json', `${JSON.stringify(rows, null, 2)}\n`]]) {
    await writeFileAtomic(join(out, file), text);
  }
  process.stdout.write(table);
}

main().catch((error: unknown) => {
  process.stderr.write(`sweep: ${(error as Error).message}\n`);
  process.exit(1);
});
