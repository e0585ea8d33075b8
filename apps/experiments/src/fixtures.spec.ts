import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseResults } from './output/results-schema';
import { classRecordSchema } from './output/class-record';
import { lcg, writeMvtec } from './test-utils/fixture-images';
import { output, runCli } from './test-utils/run-cli';

jest.setTimeout(300_000);

/** CIFAR-10 binary batches in the official format: 3073-byte records, label then planar R, G, B. */
function writeCifar(dir: string, perBatch: number): void {
  mkdirSync(dir, { recursive: true });
  const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  writeFileSync(join(dir, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
  const random = lcg(7);
  const batch = (n: number) => {
    const bytes = new Uint8Array(n * 3073);
    for (let r = 0; r < n; r++) {
      const label = r % 10;
      bytes[r * 3073] = label;
      for (let p = 0; p < 3072; p++) bytes[r * 3073 + 1 + p] = Math.floor((label * 20 + random() * 60 + (p % 32) * 2) % 256);
    }
    return bytes;
  };
  for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), batch(perBatch));
  writeFileSync(join(dir, 'test_batch.bin'), batch(perBatch * 2));
}

/**
 * A `folder` data set of 28x28 greyscale PNGs: `train/*.png` (the normal pattern, labelled `good`),
 * `test/good/*.png` and `test/defect/*.png` (the normal pattern with a bright square).
 */
async function writeImageFolder(root: string, perTestLabel: number, train: number): Promise<void> {
  const random = lcg(5);
  const image = async (file: string, defect: boolean) => {
    const px = Buffer.alloc(28 * 28);
    const shift = Math.floor(random() * 4);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const spot = defect && x >= 8 && x < 18 && y >= 10 && y < 20;
        px[y * 28 + x] = spot ? 255 : Math.round(((x + shift) % 7 < 3 ? 160 : 40) + 30 * random());
      }
    }
    mkdirSync(join(file, '..'), { recursive: true });
    // Without toColourspace('b-w') sharp stores one-channel raw pixels as an RGB PNG.
    await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).toColourspace('b-w').png().toFile(file);
  };
  for (let i = 0; i < train; i++) await image(join(root, 'train', `${String(i).padStart(3, '0')}.png`), false);
  for (const label of ['good', 'defect']) {
    for (let i = 0; i < perTestLabel; i++) await image(join(root, 'test', label, `${String(i).padStart(3, '0')}.png`), label === 'defect');
  }
}

describe('fixture data sets in the official formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("miso on a CIFAR-10 binary fixture, AE-con with the reference code's Eq. 8", () => {
    const data = join(dir, 'cifar-10-batches-bin');
    writeCifar(data, 20);
    const out = join(dir, 'cifar-out');
    const result = runCli(['miso', '--dataset=cifar10', `--data-dir=${data}`, '--classes=3', '--model=ae-con', '--feature-consistency=reference-code', '--batch-norm=moving-average', '--epochs=1', '--batch-size=32', '--k=1,2', '--alpha=0,1', `--out=${out}`, '--plots=false']);
    expect(result.code).toBe(0);
    const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
    expect(results.meta.dataset).toBe('cifar10');
    expect(results.rows).toHaveLength(2 * 2 * 2);
    expect(results.rows.every((r) => r.class === '3' && r.latentDim === 32 && r.model === 'ae-con' && r.featureConsistency === 'reference-code')).toBe(true);
    expect(results.meta.featureConsistency).toEqual(['reference-code']);
    expect(results.meta.batchNorm).toEqual(['moving-average']);
    const record = classRecordSchema.parse(JSON.parse(readFileSync(join(out, 'miso-cifar10', 'ae-con-reference-code', 'L32', 'class-3', 'class.json'), 'utf8')));
    expect(record.training.batchNorm).toEqual({ mode: 'moving-average', layers: 0, images: 0 });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('AE-CON, L = 32, Eq. 8 reference-code');
  });

  it('mvtec on an MVTec-AD-shaped fixture folder, with pixel metrics and residual maps; score reproduces its image scores', async () => {
    const root = join(dir, 'mvtec');
    await writeMvtec(root, 'bottle', 256);
    const out = join(dir, 'mvtec-out');
    const result = runCli(['mvtec', `--data-dir=${root}`, '--epochs=1', '--batch-size=16', '--limit=48', '--latent-dim=16', '--k=1,2', '--alpha=0,0.5,1', `--out=${out}`]);
    expect(result.code).toBe(0);
    const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
    const selected = results.rows.filter((r) => r.selected);
    expect(selected).toHaveLength(1);
    expect(selected[0].pixel).toBeDefined();
    expect(selected[0].pixel?.iouThresholdMethod).toBe('youden-on-selection');
    // 48 training samples of 128 x 128 x 3 floats fit any budget this machine gives: the cache is kept.
    expect(results.meta.neighbourSource).toEqual(['cache']);
    expect(existsSync(join(out, 'plots', 'residuals-ae-L16-bottle.png'))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('pixel AUROC');
    expect(output(result)).toContain('backend:');

    const scoresDir = join(dir, 'mvtec-scores');
    const scored = runCli(['score', `--run=${join(out, 'mvtec-mvtec', 'ae', 'L16', 'class-bottle')}`, `--input=${join(root, 'bottle')}`, `--out=${scoresDir}`, '--quiet', '--maps']);
    expect(scored.code).toBe(0);
    // One PNG per image: input, reconstruction, K neighbours, two error maps; working-size tiles, 4-px gaps, 18-px header.
    const maps = readdirSync(join(scoresDir, 'maps')).filter((f) => f.endsWith('.png'));
    expect(maps).toHaveLength(6);
    const record = classRecordSchema.parse(JSON.parse(readFileSync(join(out, 'mvtec-mvtec', 'ae', 'L16', 'class-bottle', 'class.json'), 'utf8')));
    const tile = (record.imageScoring?.imageSize ?? NaN) + 4;
    for (const f of maps) {
      const meta = await sharp(join(scoresDir, 'maps', f)).metadata();
      expect([meta.width, meta.height]).toEqual([(4 + record.chosen.k) * tile + 4, 18 + tile + 4]);
    }
    const column = (file: string, name: string) => {
      const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
      const at = head.split(',').indexOf(name);
      return lines.map((l) => Number(l.split(',')[at])).sort((a, b) => a - b);
    };
    const run = column(join(out, 'mvtec-mvtec', 'ae', 'L16', 'class-bottle', 'test-scores.csv'), 'score');
    const again = column(join(dir, 'mvtec-scores', 'scores.csv'), 'score');
    expect(again).toHaveLength(6);
    again.forEach((v, i) => expect(v).toBeCloseTo(run[i], 5));
  });

  describe('an image folder (--dataset=folder): train/* normal, test/good and test/defect', () => {
    const data = join(dir, 'folder');
    const tiny = ['--dataset=folder', `--data-dir=${data}`, '--epochs=1', '--batch-size=16', '--latent-dim=4,8', '--k=1,2', '--alpha=0,1', '--plots=false'];
    beforeAll(() => writeImageFolder(data, 10, 30));

    /** Runs a protocol with --classes=all; checks the skipped class, the results file and the class run. */
    const runFolder = (protocol: 'miso' | 'simo', skipLine: string, cls: string) => {
      const out = join(dir, `folder-${protocol}`);
      const result = runCli([protocol, ...tiny, `--out=${out}`]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(skipLine);
      const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
      expect(results.meta).toMatchObject({ protocol, dataset: 'folder' });
      // One model per L: 2 L x 2 K x 2 alpha x 2 splits.
      expect(results.rows).toHaveLength(2 * 2 * 2 * 2);
      expect(results.rows.every((r) => r.class === cls)).toBe(true);
      expect(results.rows.filter((r) => r.latentDim === 4)).toHaveLength(8);
      expect(results.rows.filter((r) => r.latentDim === 8)).toHaveLength(8);
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      expect(report).toContain('## L = 4: mean % AUROC increase');
      expect(report).toContain('## L = 8: mean % AUROC increase');
      expect(classRecordSchema.parse(JSON.parse(readFileSync(join(out, `${protocol}-folder`, 'ae', 'L4', `class-${cls}`, 'class.json'), 'utf8'))).latentDim).toBe(4);
      const record = classRecordSchema.parse(JSON.parse(readFileSync(join(out, `${protocol}-folder`, 'ae', 'L8', `class-${cls}`, 'class.json'), 'utf8')));
      expect(record.latentDim).toBe(8);
      expect(record.inputShape).toEqual([28, 28, 1]);
      // 30 training images of good; 10 good and 10 defect test images, 2 of each held out for selection.
      expect(record.counts).toEqual({ train: 30, selection: 4, evaluation: 16, selectionNovel: 2, evaluationNovel: 8 });
    };

    it('simo trains on the normal label (good) and finds every other label novel; it skips the label with no training images', () => {
      runFolder('simo', 'skipping class defect: no training images of defect', 'good');
    });

    it('miso with the defect label novel trains on good; good cannot be the novel label', () => {
      runFolder('miso', 'skipping class good: every training image is good', 'defect');
      const named = runCli(['miso', ...tiny, '--classes=good', `--out=${join(dir, 'folder-miso-good')}`]);
      expect(named.code).toBe(1);
      expect(named.stderr).toContain('--classes: miso cannot run class good of folder: every training image is good');
    });
  });
});
