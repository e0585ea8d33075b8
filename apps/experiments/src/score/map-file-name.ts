import { basename } from 'node:path';

/** File name of the `--maps` PNG of the `index`-th scored image (its row in scores.csv): `00003-<input name>.png`. */
export function mapFileName(index: number, name: string): string {
  const stem = basename(name).replace(/\.(png|jpe?g)$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${String(index).padStart(5, '0')}-${stem}.png`;
}
