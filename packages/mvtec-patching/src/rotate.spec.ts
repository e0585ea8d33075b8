import sharp from 'sharp';
import { raster } from './raster';
import { decodeImage } from './resize';
import { rot90, rotationAugment } from './rotate';
import { patternRaster, pngOf, scriptedRandom } from './test-utils/fixtures';

// m = [[1, 2, 3], [4, 5, 6]] (2 rows, 3 columns); expected results are numpy's np.rot90(m, k).
const m = raster(new Uint8Array([1, 2, 3, 4, 5, 6]), 2, 3, 1);

describe('rot90', () => {
  it('turns counter-clockwise like np.rot90, swapping the sides of a non-square raster', () => {
    const r1 = rot90(m, 1);
    expect([r1.height, r1.width]).toEqual([3, 2]);
    expect(Array.from(r1.data)).toEqual([3, 6, 2, 5, 1, 4]);
    expect(Array.from(rot90(m, 2).data)).toEqual([6, 5, 4, 3, 2, 1]);
    const r3 = rot90(m, 3);
    expect([r3.height, r3.width]).toEqual([3, 2]);
    expect(Array.from(r3.data)).toEqual([4, 1, 5, 2, 6, 3]);
  });

  it('reduces k modulo 4, negative k included', () => {
    expect(Array.from(rot90(m, 4).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(rot90(m, -1).data)).toEqual(Array.from(rot90(m, 3).data));
    expect(() => rot90(m, 1.5)).toThrow(/k must be an integer/);
  });

  it('keeps channels together', () => {
    const rgb = raster(new Float32Array([1, 10, 100, 2, 20, 200]), 1, 2, 3); // one row, two pixels
    expect(Array.from(rot90(rgb, 1).data)).toEqual([2, 20, 200, 1, 10, 100]);
  });

  it('matches sharp rotating a real PNG by 270 degrees clockwise', async () => {
    const image = patternRaster(3, 5, 3);
    const decoded = await decodeImage(await pngOf(image), { channels: 3 });
    const { data } = await sharp(await pngOf(image)).rotate(270).raw().toBuffer({ resolveWithObject: true });
    const ours = rot90(decoded, 1);
    expect([ours.width, ours.height]).toEqual([3, 5]);
    expect(Array.from(ours.data)).toEqual(Array.from(data));
  });
});

describe('rotationAugment', () => {
  // Three 2x2 single-channel samples.
  const samples = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

  it('appends one copy per sample, rotated by k on heads and unchanged on tails (reference)', () => {
    // sample 0: k = floor(0.3 * 5) = 1, coin 0.2 -> heads: rotate once
    // sample 1: k = floor(0.9 * 5) = 4, coin 0.1 -> heads: a full turn, unchanged
    // sample 2: k = floor(0.5 * 5) = 2, coin 0.7 -> tails: unchanged
    const random = scriptedRandom([0.3, 0.2, 0.9, 0.1, 0.5, 0.7]);
    const out = rotationAugment(samples, 2, 1, random);
    expect(random.used()).toBe(6);
    expect(out.count).toBe(6);
    expect(Array.from(out.turns)).toEqual([1, 0, 0]);
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 4, 1, 3, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('always rotates in the always-rotate mode', () => {
    const out = rotationAugment(samples, 2, 1, scriptedRandom([0, 0.5, 0.99]), 'always-rotate');
    expect(Array.from(out.turns)).toEqual([1, 2, 3]);
    expect(Array.from(out.data.subarray(12))).toEqual([2, 4, 1, 3, 8, 7, 6, 5, 11, 9, 12, 10]);
  });

  it('is reproducible for the same random stream and rejects bad input', () => {
    const values = [0.1, 0.4, 0.7, 0.3, 0.2, 0.45];
    const a = rotationAugment(samples, 2, 1, scriptedRandom(values));
    const b = rotationAugment(samples, 2, 1, scriptedRandom(values));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(() => rotationAugment(samples.subarray(0, 10), 2, 1, scriptedRandom(values))).toThrow(/not a whole number/);
    expect(() => rotationAugment(samples, 2, 1, () => 1)).toThrow(/\[0, 1\)/);
  });
});
