import type { ImageSet } from './image-set';
import { minMaxPerImage, normaliseGlobal, normalisePerImage } from './normalise';

describe('minMaxPerImage', () => {
  it('scales each channel of each image by its own min and max', () => {
    // Two 1x2 images with 2 channels; hand-computed results.
    // image 0: channel 0 = [10, 20] -> [0, 1]; channel 1 = [0, 200] -> [0, 1]
    // image 1: channel 0 = [5, 5] (constant) -> [0, 0]; channel 1 = [100, 50] -> [1, 0]
    const images = Uint8Array.from([10, 0, 20, 200, 5, 100, 5, 50]);
    expect(Array.from(minMaxPerImage(images, [1, 2, 2], 2))).toEqual([0, 0, 1, 1, 0, 1, 0, 0]);
  });

  it('gives exact fractions for a greyscale image', () => {
    const out = minMaxPerImage(Uint8Array.from([0, 64, 128, 255]), [2, 2, 1], 1);
    expect(Array.from(out)).toEqual([0, Math.fround(64 / 255), Math.fround(128 / 255), 1]);
  });

  it('works on float input with negative values', () => {
    const out = minMaxPerImage(Float32Array.from([-2, 0, 2]), [1, 3, 1], 1);
    expect(Array.from(out)).toEqual([0, 0.5, 1]);
  });

  it('rejects a length that does not match the shape, and NaN', () => {
    expect(() => minMaxPerImage(new Uint8Array(5), [2, 2, 1], 1)).toThrow(RangeError);
    expect(() => minMaxPerImage(Float32Array.from([0, NaN]), [1, 2, 1], 1)).toThrow(/NaN/);
  });
});

describe('normalisePerImage / normaliseGlobal', () => {
  const set: ImageSet<Uint8Array> = {
    images: Uint8Array.from([0, 50, 100, 200]),
    labels: Int32Array.from([1, 0]),
    classNames: ['a', 'b'],
    shape: [1, 2, 1],
    count: 2,
  };

  it('keeps labels, names and shape and returns Float32 pixels', () => {
    const out = normalisePerImage(set);
    expect(out.images).toBeInstanceOf(Float32Array);
    expect(Array.from(out.images)).toEqual([0, 1, 0, 1]);
    expect(out.labels).toBe(set.labels);
    expect(out.shape).toEqual([1, 2, 1]);
  });

  it('normaliseGlobal uses one range for the whole set', () => {
    expect(Array.from(normaliseGlobal(set).images)).toEqual([0, 0.25, 0.5, 1]);
    expect(Array.from(normaliseGlobal({ ...set, images: new Uint8Array(4).fill(7) }).images)).toEqual([0, 0, 0, 0]);
  });
});
