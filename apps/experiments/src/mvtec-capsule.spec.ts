/**
 * Pipeline-level check of MVTec pixel metrics at capsule's size: 1000-px images, 128-px patches, so the
 * patch grid covers the top-left 896 x 896 and the rest of each map is NaN. Every pixel metric would throw
 * on a NaN it counted, and the masks put defects in the uncovered border, so a finished run with the
 * coverage fraction recorded shows that only covered pixels entered pixel AUROC, IoU and AUPRO. It also
 * checks that the segmentation K and alpha are chosen and recorded apart from the image-level ones.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { parseResults } from './output/results-schema';
import { classRecordSchema } from './output/class-record';
import { output, runCli } from './test-utils/run-cli';

jest.setTimeout(300_000);

const SIZE = 1000;

/** Defects: a square inside the covered area, one across its right edge, and a strip in the bottom border. */
function isDefect(x: number, y: number): boolean {
  return (x >= 300 && x < 340 && y >= 300 && y < 340) || (x >= 870 && x < 930 && y >= 500 && y < 540) || (y >= 940 && x >= 100 && x < 400);
}

async function writePng(file: string, pixels: Buffer, channels: 1 | 3): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const png = sharp(pixels, { raw: { width: SIZE, height: SIZE, channels } });
  await (channels === 1 ? png.toColourspace('b-w') : png).png().toFile(file);
}

/** An MVTec-AD-shaped `capsule` folder at 1000 px: 2 training images, 2 good and 2 defective test images. */
async function writeCapsule(root: string): Promise<void> {
  const image = async (file: string, defective: boolean, seed: number) => {
    // Stripes: a column term plus a row term (computed once each: the loop below stays cheap under jest).
    const column = Array.from({ length: SIZE }, (_, x) => 110 + 40 * Math.sin((x + seed * 7) / 11));
    const row = Array.from({ length: SIZE }, (_, y) => 20 * Math.cos(y / 13));
    const px = Buffer.alloc(SIZE * SIZE * 3);
    for (let y = 0, o = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++, o += 3) {
        const v = defective && isDefect(x, y) ? 250 : (column[x] + row[y]) | 0;
        px[o] = v;
        px[o + 1] = v;
        px[o + 2] = v;
      }
    }
    await writePng(file, px, 3);
  };
  const dir = join(root, 'capsule');
  for (let i = 0; i < 2; i++) {
    await image(join(dir, 'train', 'good', `00${i}.png`), false, i);
    await image(join(dir, 'test', 'good', `00${i}.png`), false, 2 + i);
    await image(join(dir, 'test', 'crack', `00${i}.png`), true, 4 + i);
    const mask = Buffer.alloc(SIZE * SIZE);
    for (let y = 0, p = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++, p++) mask[p] = isDefect(x, y) ? 255 : 0;
    await writePng(join(dir, 'ground_truth', 'crack', `00${i}_mask.png`), mask, 1);
  }
}

describe('mvtec at capsule size (1000 px, 128-px patches)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-capsule-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts only the 896 x 896 covered pixels and records the segmentation K and alpha', async () => {
    await writeCapsule(dir);
    const out = join(dir, 'out');
    const args = ['mvtec', `--data-dir=${dir}`, '--image-size=1000', '--patch-size=128', '--epochs=1', '--batch-size=16', '--limit=32', '--latent-dim=8', '--k=1,2', '--alpha=0,1', '--plots=false', `--out=${out}`];
    const result = runCli(args);
    expect(output(result)).toContain('exit 0');
    const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
    const selected = results.rows.filter((r) => r.selected);
    expect(selected).toHaveLength(1);
    const pixel = selected[0].pixel;
    expect(pixel?.coveredFraction).toBeCloseTo((896 * 896) / (1000 * 1000), 12);
    for (const v of [pixel?.pixelAuroc, pixel?.pixelAurocReconstruction, pixel?.iou, pixel?.aupro]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const segmentation = pixel?.segmentation;
    expect([1, 2]).toContain(segmentation?.k);
    expect([0, 1]).toContain(segmentation?.alpha);
    expect(segmentation?.rule).toMatch(/pixel AUROC on the selection images/);
    const records = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('class.json'));
    expect(records).toHaveLength(1);
    const record = classRecordSchema.parse(JSON.parse(readFileSync(join(out, records[0]), 'utf8')));
    expect(record.segmentation).toEqual(segmentation);
    expect(record.imageScoring?.imageSize).toBe(1000);
  });
});
