import { createSeedSequence } from './random';

describe('createSeedSequence', () => {
  it('draws integer seeds below 2^31', () => {
    const next = createSeedSequence(1);
    for (let i = 0; i < 100; i++) {
      const s = next();
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 31);
    }
  });

  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const next = createSeedSequence(seed);
      return [next(), next(), next()];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
  });

  it('rejects a non-integer seed', () => {
    expect(() => createSeedSequence(Number.NaN)).toThrow(/seed/);
  });
});
