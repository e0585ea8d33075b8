import { labelComponents } from './connected-components';

describe('labelComponents', () => {
  it('joins diagonal neighbours (8-connectivity) and numbers components in raster order', () => {
    // 1 0 0 1
    // 0 1 0 1
    // 0 0 0 0
    // 1 1 0 0
    // The diagonal pair (0,0)-(1,1) is one component; the right column another; the bottom pair a third.
    const mask = [1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0];
    const { labels, count, sizes } = labelComponents(mask, 4, 4);
    expect(count).toBe(3);
    expect(Array.from(labels)).toEqual([1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0, 3, 3, 0, 0]);
    expect(Array.from(sizes)).toEqual([0, 2, 2, 2]);
  });

  it('handles an empty mask, a full mask, 0/255 and boolean values', () => {
    expect(labelComponents([0, 0, 0, 0], 2, 2).count).toBe(0);
    const full = labelComponents(new Uint8Array([255, 255, 255, 255, 255, 255]), 2, 3);
    expect(full.count).toBe(1);
    expect(Array.from(full.sizes)).toEqual([0, 6]);
    expect(labelComponents([true, false, false, true], 2, 2).count).toBe(1);
  });

  it('labels a long snake without recursion', () => {
    const width = 200;
    const height = 200;
    const mask = new Uint8Array(width * height);
    // Every other row fully set, joined alternately at the right and left ends: one component.
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x++) mask[y * width + x] = 1;
      if (y + 1 < height) mask[(y + 1) * width + ((y / 2) % 2 === 0 ? width - 1 : 0)] = 1;
    }
    const { count, sizes } = labelComponents(mask, height, width);
    expect(count).toBe(1);
    expect(sizes[1]).toBe(mask.reduce((a, b) => a + b, 0));
  });

  it('rejects a mask of the wrong size', () => {
    expect(() => labelComponents([0, 1, 0], 2, 2)).toThrow(/mask has 3 values, expected 2 x 2 = 4/);
    expect(() => labelComponents([], 0, 0)).toThrow(/positive integers/);
  });
});
