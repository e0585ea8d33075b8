import { createRandom, permutation, randomInt, shuffleInPlace } from './random';

describe('createRandom', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('keeps its stream stable across releases (pinned mulberry32 values for seed 1)', () => {
    // Reference mulberry32 outputs for seed 1 (the first is the well-known 0.6270739405881613), computed
    // independently; pinned so that splits saved with a seed stay reproducible.
    const r = createRandom(1);
    const first = Array.from({ length: 3 }, () => Math.floor(r() * 4294967296));
    expect(first).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const r = createRandom(7);
    const bins = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r();
      if (!(x >= 0 && x < 1)) outside++;
      else bins[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRandom(0.5)).toThrow(RangeError);
  });
});

describe('shuffleInPlace / permutation', () => {
  it('returns a permutation of the input, reproducibly', () => {
    const p = permutation(50, createRandom(3));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(50, createRandom(3))).toEqual(p);
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('shuffles plain arrays too and reaches every permutation of 3 items', () => {
    const seen = new Set<string>();
    const r = createRandom(11);
    for (let i = 0; i < 200; i++) seen.add(shuffleInPlace(['a', 'b', 'c'], r).join(''));
    expect(seen.size).toBe(6);
  });

  it('randomInt rejects an empty range', () => {
    expect(() => randomInt(createRandom(1), 0)).toThrow(RangeError);
  });
});
