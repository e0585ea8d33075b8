import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from './test-utils/run-cli';

jest.setTimeout(120_000);

/** A 64 px MVTec-shaped class `bottle`: 2 training images, 1 good and 1 broken test image with its mask. */
async function writeClass(root: string): Promise<void> {
  const png = async (file: string, size: number, channels: 1 | 3, value: number) => {
    mkdirSync(join(file, '..'), { recursive: true });
    const image = sharp(Buffer.alloc(size * size * channels, value), { raw: { width: size, height: size, channels } });
    await (channels === 1 ? image.toColourspace('b-w') : image).png().toFile(file);
  };
  for (const file of ['train/good/000.png', 'train/good/001.png', 'test/good/000.png', 'test/broken/000.png']) await png(join(root, 'bottle', file), 64, 3, 120);
  await png(join(root, 'bottle', 'ground_truth', 'broken', '000_mask.png'), 64, 1, 255);
}

describe('mvtec loading errors name the file and stop the run (exit 1)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nln-mvtec-errors-'));
    await writeClass(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = () => runCli(['mvtec', `--data-dir=${dir}`, '--classes=bottle', '--image-size=64', '--patch-size=32', '--epochs=1', '--plots=false', `--out=${join(dir, 'out')}`]);

  it('a corrupt PNG', () => {
    writeFileSync(join(dir, 'bottle', 'train', 'good', '001.png'), 'not a png');
    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'bottle', 'train', 'good', '001.png')}: unreadable image`);
  });

  it('a missing mask', () => {
    rmSync(join(dir, 'bottle', 'ground_truth', 'broken', '000_mask.png'));
    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'bottle', 'test', 'broken', '000.png')}: image without mask`);
  });

  it('a mask of another size than its image', async () => {
    const mask = join(dir, 'bottle', 'ground_truth', 'broken', '000_mask.png');
    await sharp(Buffer.alloc(32 * 32, 255), { raw: { width: 32, height: 32, channels: 1 } }).toColourspace('b-w').png().toFile(mask);
    const result = run();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${mask}: mask is 32x32x1, expected 64x64x1`);
  });
});
