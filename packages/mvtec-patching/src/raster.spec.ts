import { binarize, createRaster, cropRaster, drawIndex, pixelKind, raster, toFloat32 } from './raster';
import { patternRaster } from './test-utils/fixtures';

describe('raster', () => {
  it('checks dimensions and length', () => {
    expect(raster(new Uint8Array(6), 2, 3, 1).width).toBe(3);
    expect(() => raster(new Uint8Array(5), 2, 3, 1)).toThrow(/2x3x1 needs 6 values, got 5/);
    expect(() => raster(new Uint8Array(0), 2, 0, 1)).toThrow(/width must be a positive integer/);
    expect(pixelKind(createRaster(2, 2, 3, 'float32').data)).toBe('float32');
  });

  it('crops a window and rejects windows outside the raster', () => {
    const image = patternRaster(3, 4, 2);
    const c = cropRaster(image, 1, 2, 2, 2);
    // Pixel (1, 2), channel 1 = (31 + 14 + 101) % 256.
    expect(c.data[1]).toBe(146);
    expect(() => cropRaster(image, 2, 0, 2, 2)).toThrow(/leaves the 3x4 raster/);
  });

  it('binarises any channel above the threshold and scales to float', () => {
    const r = raster(new Uint8Array([0, 0, 0, 3, 255, 0]), 1, 2, 3);
    expect(Array.from(binarize(r).data)).toEqual([0, 1]);
    expect(Array.from(toFloat32(r, 1 / 255).data)).toEqual(Array.from(r.data, (v) => Math.fround(v / 255)));
  });

  it('draws indices and rejects generators outside [0, 1)', () => {
    expect(drawIndex(() => 0.999, 5)).toBe(4);
    expect(() => drawIndex(() => Number.NaN, 5)).toThrow(/got NaN/);
  });
});
