import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadMnist } from '@nln/datasets';
import { parseResults } from './output/results-schema';
import { classRecordSchema, CLASS_FILES } from './output/class-record';
import { output, runCli, runTsx } from './test-utils/run-cli';

jest.setTimeout(300_000);

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

function isPng(file: string): boolean {
  const bytes = readFileSync(file);
  return PNG_MAGIC.every((b, i) => bytes[i] === b);
}

function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

describe('miso on MNIST, tiny configuration (2 classes, 1 epoch)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-e2e-'));
  const out = join(dir, 'run');
  const tiny = ['--dataset=mnist', '--classes=0,1', '--epochs=1', '--limit=300', '--test-limit=300', '--batch-size=64', '--k=1,2', '--alpha=0,0.5,1', `--out=${out}`];
  const classFolder = (c: string) => join(out, 'miso-mnist', 'ae', 'L32', `class-${c}`);
  let first: ReturnType<typeof runCli>;

  beforeAll(() => {
    first = runCli(['miso', ...tiny, '--workers=2']);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs, names the backend and writes every output file', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/backend: /);
    for (const f of ['results.json', 'results.csv', 'report.md', 'run.json']) expect(existsSync(join(out, f))).toBe(true);
    const plots = readdirSync(join(out, 'plots')).sort();
    expect(plots).toEqual(
      expect.arrayContaining(['auroc-vs-alpha-miso-mnist.png', 'auroc-vs-k-miso-mnist.png', 'roc-miso-mnist-ae-L32-class-0.png', 'roc-miso-mnist-ae-L32-class-1.png']),
    );
    for (const p of plots) expect(isPng(join(out, 'plots', p))).toBe(true);
  }, 300_000);

  it('results.json matches the schema, one row per (class, K, alpha, split)', () => {
    expect(first.code).toBe(0);
    const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
    expect(results.meta).toMatchObject({ protocol: 'miso', dataset: 'mnist', seed: 42 });
    expect(results.rows).toHaveLength(2 * 2 * 3 * 2);
    expect(results.meta.featureConsistency).toEqual(['paper']);
    expect(results.meta.batchNorm).toEqual(['recompute']);
    expect(results.meta.setup).toMatchObject({ profiles: ['quick'], models: ['ae'], epochs: [1], batchSizes: [64], trainImages: { min: 300, max: 300 }, latentDims: [32], seeds: [42], classRuns: 2 });
    expect(results.rows.every((r) => r.featureConsistency === 'paper')).toBe(true);
    const oracles = results.rows.filter((r) => r.oracle);
    expect(oracles.map((r) => r.class)).toEqual(['0', '1']);
    expect(new Set(oracles.map((r) => `${r.k}|${r.alpha}`)).size).toBe(1);
    for (const c of ['0', '1']) {
      const evaluation = results.rows.filter((r) => r.class === c && r.split === 'evaluation');
      expect(evaluation.filter((r) => r.selected)).toHaveLength(1);
      expect(evaluation.filter((r) => r.perClassMax)).toHaveLength(1);
      expect(results.rows.filter((r) => r.class === c && r.split === 'selection' && (r.selected || r.oracle || r.perClassMax))).toHaveLength(0);
      for (const r of results.rows) {
        expect(r.aurocNln).toBeGreaterThanOrEqual(0);
        expect(r.aurocNln).toBeLessThanOrEqual(1);
      }
    }
    const csv = readCsv(join(out, 'results.csv'));
    expect(csv).toHaveLength(results.rows.length);
    expect(Object.keys(csv[0])).toEqual(expect.arrayContaining(['protocol', 'class', 'k', 'alpha', 'split', 'aurocReconstruction', 'aurocNln', 'aurocDistance', 'selected']));
  });

  it('report.md has the per-class table, the mean and the paper column', () => {
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| class | baseline AUROC | NLN AUROC |');
    expect(report).toContain('**mean**');
    expect(report).toContain('9.8 (Tables 1-2)');
    expect(report).toMatch(/Oracle \(best class mean on the evaluation part\): K = \d+, alpha = [\d.]+\./);
    expect(report).toContain('per-class max');
    // It opens with what was run, beside the paper's setup.
    expect(report.indexOf('| setup | ours | paper |')).toBeLessThan(report.indexOf('## L = 32'));
    expect(report).toContain('| epochs | 1 | 50 (Sec. 4.3) |');
    expect(report).toContain('| batch size | 64 |');
    expect(report).toContain('| training images per class run | 300 |');
    expect(report).toContain('| K grid | 1, 2 |');
  });

  it('each class folder holds the model, the scorer, its rows and the completion marker', () => {
    for (const c of ['0', '1']) {
      const folder = classFolder(c);
      for (const f of [CLASS_FILES.record, CLASS_FILES.complete, CLASS_FILES.scores, CLASS_FILES.rowsCsv]) expect(statSync(join(folder, f)).isFile()).toBe(true);
      expect(statSync(join(folder, CLASS_FILES.model)).isDirectory()).toBe(true);
      expect(statSync(join(folder, CLASS_FILES.scorer)).isDirectory()).toBe(true);
      const record = classRecordSchema.parse(JSON.parse(readFileSync(join(folder, CLASS_FILES.record), 'utf8')));
      expect(record.threshold.method).toBe('best-f1');
      // Every BatchNorm layer of the AE re-estimated over the 300 training images.
      expect(record.training.batchNorm).toMatchObject({ mode: 'recompute', images: 300 });
      expect(record.training.batchNorm?.layers).toBeGreaterThan(0);
      expect(record.counts.selection + record.counts.evaluation).toBe(300);
    }
  });

  it('jobs run on two worker threads write the same scores as on the main thread', () => {
    expect(first.stdout).toContain('running 2 jobs on 2 worker threads');
    const alone = join(dir, 'one-thread');
    const result = runCli(['miso', ...tiny.filter((a) => !a.startsWith('--out=')), `--out=${alone}`, '--workers=1', '--plots=false']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('worker threads');
    for (const c of ['0', '1']) {
      const folder = join(alone, 'miso-mnist', 'ae', 'L32', `class-${c}`);
      for (const f of [CLASS_FILES.scores, CLASS_FILES.rowsCsv]) expect(readFileSync(join(folder, f), 'utf8')).toBe(readFileSync(join(classFolder(c), f), 'utf8'));
    }
  });

  it('the root script reproduces a class run\'s evaluation rows from the libraries alone, exactly', () => {
    const result = runTsx('scripts/reproduce-class-rows.ts', [classFolder('0')]);
    expect(output(result)).toContain('all rows match within 1e-9');
    expect(result.stdout).toContain('12 rows reproduced');
    expect(result.code).toBe(0);
  });

  it('a job that fails on a worker thread ends the run with its error and writes no results set', () => {
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'miso-mnist', 'ae'), { recursive: true });
    writeFileSync(join(broken, 'miso-mnist', 'ae', 'L32'), 'a file where the L32 folder goes');
    const result = runCli(['miso', ...tiny.filter((a) => !a.startsWith('--out=')), `--out=${broken}`, '--workers=2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*ENOTDIR.*L32/);
    expect(existsSync(join(broken, 'results.json'))).toBe(false);
  });

  it('--resume reuses finished classes without retraining', () => {
    const before = statSync(join(classFolder('0'), CLASS_FILES.record)).mtimeMs;
    const again = runCli(['miso', ...tiny, '--resume']);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/reused finished class folder/g)).toHaveLength(2);
    expect(again.stdout).not.toMatch(/training ae/);
    expect(statSync(join(classFolder('0'), CLASS_FILES.record)).mtimeMs).toBe(before);
    expect(parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json').rows).toHaveLength(24);
  });

  it('--resume also reuses a class folder of the layout before the L list when its L matches', () => {
    const legacy = join(out, 'miso-mnist', 'ae', 'class-1');
    renameSync(classFolder('1'), legacy);
    try {
      const again = runCli(['miso', ...tiny, '--resume']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`reused finished class folder ${legacy}`);
      expect(again.stdout).not.toMatch(/training ae/);
    } finally {
      renameSync(legacy, classFolder('1'));
    }
  });

  it('report merges class folders from separate runs into one results set', () => {
    const merged = join(dir, 'merged');
    const result = runCli(['report', `--runs=${classFolder('0')},${classFolder('1')}`, `--out=${merged}`, '--plots=false']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/miso mnist ae L=32: 2 classes, mean baseline [\d.]+, mean NLN [\d.]+ \(oracle [\d.]+ at K=\d, alpha=[\d.]+\)/);
    const results = parseResults(readFileSync(join(merged, 'results.json'), 'utf8'), 'results.json');
    expect(results.rows).toHaveLength(24);
    expect(readFileSync(join(merged, 'report.md'), 'utf8')).toContain('**mean**');
  });

  it('score gives the run\'s scores for the same images, one bad file is skipped with exit code 3', async () => {
    const folder = classFolder('0');
    const expected = readCsv(join(folder, CLASS_FILES.scores));
    const mnist = await loadMnist();
    const pngDir = join(dir, 'pngs');
    mkdirSync(pngDir);
    const picks = [0, 3, 7, 42, 150, 299];
    for (const i of picks) {
      const pixels = Buffer.from(mnist.test.images.subarray(i * 784, (i + 1) * 784));
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(pngDir, `img-${String(i).padStart(3, '0')}.png`));
    }
    writeFileSync(join(pngDir, 'zz-broken.png'), 'not a png');
    const scoresDir = join(dir, 'scores');
    const result = runCli(['score', `--run=${folder}`, `--input=${pngDir}`, `--out=${scoresDir}`, '--maps']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('zz-broken.png');
    const scored = readCsv(join(scoresDir, 'scores.csv'));
    expect(scored).toHaveLength(picks.length);
    picks.forEach((i, n) => {
      const run = expected.find((r) => r.index === String(i));
      expect(run).toBeDefined();
      expect(Number(scored[n].score)).toBeCloseTo(Number(run?.score), 5);
      expect(Number(scored[n].nlnError)).toBeCloseTo(Number(run?.nlnError), 6);
      expect(scored[n].decision === 'novel').toBe(run?.decision === '1');
    });
    const json = JSON.parse(readFileSync(join(scoresDir, 'scores.json'), 'utf8')) as { skipped: { name: string }[]; k: number };
    expect(json.skipped.map((s) => s.name)).toEqual([join(pngDir, 'zz-broken.png')]);
    expect(readdirSync(join(scoresDir, 'maps'))).toHaveLength(picks.length);
    expect(output(result)).toContain('skipped');
  });

  it('score skips an image of another size, naming both sizes; --resize scales it and says so', async () => {
    const mnist = await loadMnist();
    const sizes = join(dir, 'sizes');
    mkdirSync(sizes);
    const pixels = Buffer.from(mnist.test.images.subarray(0, 784));
    await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(sizes, 'a-28.png'));
    const big = join(sizes, 'b-64.png');
    await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).resize(64, 64, { kernel: 'nearest' }).png().toFile(big);
    const strict = runCli(['score', `--run=${classFolder('0')}`, `--input=${sizes}`, `--out=${join(dir, 'sizes-strict')}`, '--quiet']);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toContain(`skipped: ${big}: image is 64x64, the model takes 28x28 (--resize scales it)`);
    expect(readCsv(join(dir, 'sizes-strict', 'scores.csv'))).toHaveLength(1);
    const scaled = runCli(['score', `--run=${classFolder('0')}`, `--input=${sizes}`, `--out=${join(dir, 'sizes-resized')}`, '--quiet', '--resize']);
    expect(scaled.code).toBe(0);
    expect(scaled.stdout).toContain(`resized: ${big} from 64x64 to 28x28`);
    expect(scaled.stdout).not.toContain('resized: ' + join(sizes, 'a-28.png'));
    const json = JSON.parse(readFileSync(join(dir, 'sizes-resized', 'scores.json'), 'utf8')) as { resized: { name: string; from: number[] }[] };
    expect(json.resized).toEqual([{ name: big, from: [64, 64] }]);
    expect(readCsv(join(dir, 'sizes-resized', 'scores.csv'))).toHaveLength(2);
  });

  it('score rejects an image of the wrong channel count, naming the file', async () => {
    const rgb = join(dir, 'rgb.png');
    await sharp({ create: { width: 28, height: 28, channels: 3, background: '#c04020' } }).png().toFile(rgb);
    const result = runCli(['score', `--run=${classFolder('0')}`, `--input=${rgb}`, `--out=${join(dir, 'rgb-scores')}`]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`${rgb}: image has 3 colour channels, the model takes 1`);
  });
});
