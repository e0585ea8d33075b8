import sharp from 'sharp';
import type { Raster, UniformRandom } from '../raster';

/**
 * A stand-in for a seeded generator: returns `values` in order and throws once they run out, so a test
 * also fails when the code under test draws more numbers than expected.
 */
export function scriptedRandom(values: readonly number[]): UniformRandom & { readonly used: () => number } {
  let i = 0;
  const next = () => {
    if (i >= values.length) throw new Error(`scriptedRandom: only ${values.length} values were scripted`);
    return values[i++];
  };
  return Object.assign(next, { used: () => i });
}

/** An 8-bit raster whose every value is a known function of (y, x, c), distinct between neighbours. */
export function patternRaster(height: number, width: number, channels: number): Raster<Uint8Array> {
  const data = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = (y * 31 + x * 7 + c * 101) % 256;
    }
  }
  return { data, width, height, channels };
}

/** Encodes an 8-bit raster as a PNG with sharp (lossless), to test decoding real image files. */
export async function pngOf(image: Raster<Uint8Array>): Promise<Buffer> {
  const channels = image.channels as 1 | 2 | 3 | 4;
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels } }).png().toBuffer();
}

/**
 * Index of the first position where `a` and `b` differ (`-1` when they have the same length and values);
 * a fast replacement for `toEqual` on arrays of millions of values.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
