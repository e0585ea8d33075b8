import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { formatMvtecScale, generateMvtecClass } from './mvtec-scale';

describe('mvtec-scale', () => {
  it('generates an MVTec-shaped class: RGB images, half the test images broken with 1-channel masks', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mvtec-scale-'));
    try {
      await generateMvtecClass(root, 1, 3, 256);
      expect(readdirSync(join(root, 'bottle', 'train', 'good'))).toEqual(['000.png']);
      expect(readdirSync(join(root, 'bottle', 'test', 'good'))).toEqual(['000.png', '001.png']);
      expect(readdirSync(join(root, 'bottle', 'test', 'broken'))).toEqual(['000.png']);
      expect(readdirSync(join(root, 'bottle', 'ground_truth', 'broken'))).toEqual(['000_mask.png']);
      const image = await sharp(join(root, 'bottle', 'test', 'broken', '000.png')).metadata();
      expect([image.width, image.height, image.channels]).toEqual([256, 256, 3]);
      // Broken image 20000 at 1024 px: centre (200 + 20000 * 173 % 600, 200 + 20000 * 311 % 600) = (600, 600), half-width 30;
      // at 256 px: centre (150, 150), half-width round(7.5) = 8, so 15 x 15 pixels.
      const maskFile = join(root, 'bottle', 'ground_truth', 'broken', '000_mask.png');
      expect((await sharp(maskFile).metadata()).channels).toBe(1);
      const mask = await sharp(maskFile).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      expect(mask.data.reduce((n, v) => n + (v > 0 ? 1 : 0), 0)).toBe(15 * 15);
      expect(mask.data[150 * 256 + 150]).toBe(255);
      expect(mask.data[150 * 256 + 158]).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('formats the stages and peak RSS for benchmarks.md', () => {
    const text = formatMvtecScale({
      images: 40, testImages: 12, imageSize: 1024, trainingSamples: 5840, batchSize: 32, command: 'tsx main.ts mvtec',
      generateSeconds: 12.34, runSeconds: 600, budgetBytes: 2 ** 32, neighbourSource: 'cache', cacheBytes: 2 ** 30, keptBytes: 2 ** 28, peakRssBytes: 3 * 2 ** 30,
      stages: [{ stage: 'train', seconds: 500.04, peakRssBytes: 2 ** 31 }],
    });
    expect(text).toContain('Neighbour reconstructions: cache (float cache 1024 MiB, images kept 256 MiB, budget 4096 MiB).');
    expect(text).toContain('peak RSS **3072 MiB**');
    expect(text).toContain('| train | 500.0 | 2048 |');
  });
});
