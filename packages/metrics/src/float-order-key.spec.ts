import { orderKeyOf, scoreOfOrderKey } from './float-order-key';

describe('float32 order keys', () => {
  it('are the bit patterns, shifted so that order is kept (hand-checked)', () => {
    expect(orderKeyOf(0)).toBe(0x80000000);
    expect(orderKeyOf(-0)).toBe(0x80000000);
    expect(orderKeyOf(1)).toBe(0x80000000 + 0x3f800000);
    // -1 is 0xbf800000; its complement is 0x407fffff.
    expect(orderKeyOf(-1)).toBe(0x407fffff);
  });

  it('keep the order of float32 values and map back to them', () => {
    const values = [-Number.MAX_VALUE, -1e30, -2.5, -1, -1e-40, 0, 1e-40, 1e-7, 0.1, 1, 3.4e38].map(Math.fround);
    const keys = values.map(orderKeyOf);
    for (let i = 1; i < keys.length; i++) expect(keys[i]).toBeGreaterThan(keys[i - 1]);
    expect(keys.map(scoreOfOrderKey)).toEqual(values);
  });
});
