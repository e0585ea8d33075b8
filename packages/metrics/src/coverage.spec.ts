import { countCovered, isCovered } from './coverage';

describe('coverage masks', () => {
  it('count the pixels marked > 0 or true, and every pixel without a mask', () => {
    expect(countCovered('t', [1, 0, 255, 0], 4)).toBe(2);
    expect(countCovered('t', [true, false, true], 3)).toBe(2);
    expect(countCovered('t', new Uint8Array([0, 0]), 2)).toBe(0);
    expect(countCovered('t', undefined, 7)).toBe(7);
  });

  it('say which pixels count', () => {
    expect([0, 1, 2].map((i) => isCovered([0, 3, false], i))).toEqual([false, true, false]);
    expect(isCovered(undefined, 5)).toBe(true);
  });

  it('reject a mask of the wrong length or with NaN, naming the caller', () => {
    expect(() => countCovered('f', [1, 0], 3)).toThrow('f: coverage mask has 2 values, expected 3 (one per pixel)');
    expect(() => countCovered('f', [1, NaN], 2)).toThrow('f: coverage mask value at index 1 is NaN');
  });
});
