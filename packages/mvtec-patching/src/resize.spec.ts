import sharp from 'sharp';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raster } from './raster';
import { decodeImage, loadImage, loadMask, resizeBilinear, resizeImage, resizeMask, resizeWithSharp, workingSize } from './resize';
import { pngOf } from './test-utils/fixtures';

const twoByTwo = raster(new Uint8Array([0, 100, 200, 40]), 2, 2, 1);
// 4x4 ramp v(y, x) = 40y + 10x.
const ramp4 = raster(Uint8Array.from({ length: 16 }, (_, i) => 40 * Math.floor(i / 4) + 10 * (i % 4)), 4, 4, 1);

describe('workingSize', () => {
  it('is 1000 for capsule and 1024 otherwise, with overrides', () => {
    expect(workingSize('capsule')).toBe(1000);
    expect(workingSize('bottle')).toBe(1024);
    expect(workingSize('bottle', { bottle: 256 })).toBe(256);
    expect(() => workingSize('bottle', { bottle: 0 })).toThrow(/bad size 0/);
  });
});

describe('resizeBilinear (tf.image.resize, half-pixel centres, no antialias)', () => {
  it('upsamples 2x2 -> 4x4 to the hand-computed values', () => {
    // Source x of output 0..3: -0.25 (clamped), 0.25, 0.75, 1.25 (clamped); same for rows.
    const out = resizeBilinear(twoByTwo, 4, 4);
    expect(Array.from(out.data)).toEqual([
      0, 25, 75, 100,
      50, 58.75, 76.25, 85,
      150, 126.25, 78.75, 55,
      200, 160, 80, 40,
    ]);
  });

  it('downsamples 4x4 -> 2x2 by sampling at source 0.5 and 2.5 (no antialias)', () => {
    expect(Array.from(resizeBilinear(ramp4, 2, 2).data)).toEqual([25, 45, 105, 125]);
  });

  it('keeps a same-size image and every channel', () => {
    const rgb = raster(new Uint8Array([0, 10, 20, 30, 40, 50]), 1, 2, 3);
    expect(Array.from(resizeBilinear(rgb, 1, 2).data)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(Array.from(resizeBilinear(rgb, 1, 4).data)).toEqual([0, 10, 20, 7.5, 17.5, 27.5, 22.5, 32.5, 42.5, 30, 40, 50]);
  });
});

describe('resizeWithSharp (sharp linear kernel)', () => {
  it('upsamples at x_in = x * in/out - 0.5 (clamped): 2x2 -> 4x4 from a PNG made with sharp', async () => {
    const decoded = await decodeImage(await pngOf(twoByTwo), { channels: 1 });
    expect(Array.from(decoded.data)).toEqual([0, 100, 200, 40]);
    const out = await resizeWithSharp(decoded, 4, 4);
    expect([out.width, out.height, out.channels]).toEqual([4, 4, 1]);
    // Columns/rows sample source 0, 0, 0.5, 1: e.g. row 2 = halfway between the rows (100, 100, 85, 70).
    expect(Array.from(out.data)).toEqual([0, 0, 50, 100, 0, 0, 50, 100, 100, 100, 85, 70, 200, 200, 120, 40]);
  });

  it('upsamples by a non-integer factor (3 -> 4) with rounding to 8 bits', async () => {
    // Source x = 0.75x - 0.5: -0.5 (clamped to 0), 0.25, 1.0, 1.75 -> 0, 22.5, 90, 157.5 -> rounded.
    const out = await resizeWithSharp(raster(new Uint8Array([0, 90, 180]), 1, 3, 1), 1, 4);
    expect(Array.from(out.data)).toEqual([0, 23, 90, 158]);
  });

  it('downsamples with an antialiasing triangle filter, unlike TensorFlow', async () => {
    // Output 0 is centred at source 0.5 with weights 1/8, 3/8, 3/8, 1/8 on source -1 (edge), 0, 1, 2:
    // 10 * 0.625 + 40 * 0.625 = 31.25; TensorFlow gives 25.
    const out = await resizeWithSharp(ramp4, 2, 2);
    expect(Array.from(out.data)).toEqual([31, 49, 101, 119]);
  });

  it('resizes RGB channels independently and keeps 3 channels', async () => {
    const rgb = raster(new Uint8Array([0, 0, 0, 100, 50, 10]), 1, 2, 3);
    const out = await resizeImage(rgb, 1, 4);
    expect(out.channels).toBe(3);
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0, 0, 0, 50, 25, 5, 100, 50, 10]);
  });

  it('rejects float rasters and unsupported channel counts', async () => {
    await expect(resizeWithSharp(raster(new Float32Array(4), 2, 2, 1) as never, 4, 4)).rejects.toThrow(/8-bit rasters only/);
    await expect(resizeWithSharp(raster(new Uint8Array(8), 2, 2, 2), 4, 4)).rejects.toThrow(/only 1 or 3 channels/);
    await expect(resizeImage(twoByTwo, 4, 0)).rejects.toThrow(/positive integers/);
  });
});

describe('resizeMask', () => {
  // A 4x4 mask, 255 at row 1, column 1 only.
  const mask = raster(Uint8Array.from({ length: 16 }, (_, i) => (i === 5 ? 255 : 0)), 4, 4, 1);

  function ones(m: { data: Uint8Array; width: number }): string[] {
    const at: string[] = [];
    m.data.forEach((v, i) => v && at.push(`${Math.floor(i / m.width)},${i % m.width}`));
    return at;
  }

  it('binarises a sharp-resized 0/255 mask to 0/1 (> 0): the pixel grows to rows/cols 2..4', async () => {
    const decoded = await decodeImage(await pngOf(mask), { channels: 1 });
    const out = await resizeMask(decoded, 8, 8);
    expect(out.channels).toBe(1);
    expect(new Set(out.data)).toEqual(new Set([0, 1]));
    expect(ones(out)).toEqual(['2,2', '2,3', '2,4', '3,2', '3,3', '3,4', '4,2', '4,3', '4,4']);
  });

  it('binarises a TF-bilinear-resized mask: rows/cols 1..4 touch source pixel 1', async () => {
    const out = await resizeMask(mask, 8, 8, { method: 'tf-bilinear' });
    expect(ones(out)).toHaveLength(16);
    expect(ones(out)[0]).toBe('1,1');
    expect(ones(out)[15]).toBe('4,4');
  });

  it('collapses a 3-channel mask to one channel', async () => {
    const rgbMask = raster(new Uint8Array([0, 0, 0, 255, 255, 255]), 1, 2, 3);
    const out = await resizeMask(rgbMask, 1, 2);
    expect(Array.from(out.data)).toEqual([0, 1]);
  });
});

describe('decodeImage, loadImage, loadMask', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvtec-patching-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps 1 or 3 channels as asked, replicating grey and dropping alpha', async () => {
    const grey = await pngOf(twoByTwo);
    const asRgb = await decodeImage(grey, { channels: 3 });
    expect(Array.from(asRgb.data)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40]);
    const rgba = await sharp(Buffer.from([10, 20, 30, 128, 40, 50, 60, 255]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const rgb = await decodeImage(rgba, { channels: 3 });
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('names the file and the problem on bad input', async () => {
    const bad = join(dir, 'broken.png');
    writeFileSync(bad, 'not a png');
    await expect(decodeImage(bad, { channels: 3 })).rejects.toThrow(/decodeImage: .*broken\.png: cannot decode/);
    await expect(decodeImage(join(dir, 'missing.png'), { channels: 1 })).rejects.toThrow(/missing\.png/);
    await expect(decodeImage(Buffer.from([1, 2, 3]), { channels: 1 })).rejects.toThrow(/buffer of 3 bytes: cannot decode/);
  });

  it('loads and resizes files to the working size', async () => {
    const imagePath = join(dir, 'image.png');
    const maskPath = join(dir, 'mask.png');
    writeFileSync(imagePath, await pngOf(twoByTwo));
    writeFileSync(maskPath, await pngOf(raster(new Uint8Array([0, 255, 0, 0]), 2, 2, 1)));
    const image = await loadImage(imagePath, { channels: 1, size: 4 });
    expect(Array.from(image.data.subarray(8, 12))).toEqual([100, 100, 85, 70]);
    const exact = await loadImage(imagePath, { channels: 1, size: 4, method: 'tf-bilinear' });
    expect(exact.data).toBeInstanceOf(Float32Array);
    // Rows sample source rows 0, 0, 0.5, 1: row 2 still gets half of the 255 pixel.
    const mask = await loadMask(maskPath, { size: 4 });
    expect(Array.from(mask.data)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from((await loadMask(maskPath)).data)).toEqual([0, 1, 0, 0]);
  });
});
