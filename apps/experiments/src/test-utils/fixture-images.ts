import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** A tiny deterministic generator for fixture pixels. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An MVTec-AD class folder: train/good, test/good and test/<defect> PNGs, ground_truth masks. */
export async function writeMvtec(root: string, cls: string, size: number): Promise<void> {
  const random = lcg(11);
  const image = async (file: string, defect: boolean) => {
    const px = Buffer.alloc(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = 100 + 40 * Math.sin(x / 9) + 20 * random();
        const spot = defect && Math.abs(x - size / 3) < 12 && Math.abs(y - size / 2) < 12;
        for (let c = 0; c < 3; c++) px[(y * size + x) * 3 + c] = spot ? 250 : Math.round(v);
      }
    }
    mkdirSync(join(file, '..'), { recursive: true });
    await sharp(px, { raw: { width: size, height: size, channels: 3 } }).png().toFile(file);
  };
  const mask = async (file: string) => {
    const px = Buffer.alloc(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) px[y * size + x] = Math.abs(x - size / 3) < 12 && Math.abs(y - size / 2) < 12 ? 255 : 0;
    mkdirSync(join(file, '..'), { recursive: true });
    await sharp(px, { raw: { width: size, height: size, channels: 1 } }).png().toFile(file);
  };
  for (let i = 0; i < 3; i++) await image(join(root, cls, 'train', 'good', `00${i}.png`), false);
  for (let i = 0; i < 3; i++) await image(join(root, cls, 'test', 'good', `00${i}.png`), false);
  for (let i = 0; i < 3; i++) {
    await image(join(root, cls, 'test', 'broken', `00${i}.png`), true);
    await mask(join(root, cls, 'ground_truth', 'broken', `00${i}_mask.png`));
  }
}
