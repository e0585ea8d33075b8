import { applyMinMax, fitMinMax, minMaxNormalise } from './normalisation';

describe('min-max normalisation', () => {
  it('maps the set to [0, 1] (hand-checked)', () => {
    expect(Array.from(minMaxNormalise(new Float32Array([2, 4, 6])))).toEqual([0, 0.5, 1]);
  });

  it('maps a constant set to 0 (scale 1, as scikit-learn)', () => {
    expect(Array.from(minMaxNormalise(new Float32Array([3, 3])))).toEqual([0, 0]);
  });

  it('fixed constants do not clip values outside the fitted range', () => {
    const constants = fitMinMax(new Float32Array([4, 2, 3]));
    expect(constants).toEqual({ min: 2, max: 4 });
    expect(Array.from(applyMinMax(new Float32Array([1, 3, 6]), constants))).toEqual([-0.5, 0.5, 2]);
  });

  it('writes into a given buffer (the input itself too), which must have the input\'s length', () => {
    const constants = { min: 2, max: 4 };
    const out = new Float32Array(3);
    expect(applyMinMax(new Float32Array([1, 3, 6]), constants, out)).toBe(out);
    expect(Array.from(out)).toEqual([-0.5, 0.5, 2]);
    const values = new Float32Array([2, 4, 3]);
    applyMinMax(values, constants, values);
    expect(Array.from(values)).toEqual([0, 1, 0.5]);
    expect(() => applyMinMax(values, constants, new Float32Array(2))).toThrow(/3 values but an output of 2/);
  });

  it('rejects empty sets and NaN', () => {
    expect(() => fitMinMax(new Float32Array(0))).toThrow(/no values/);
    expect(() => fitMinMax(new Float32Array([1, NaN]))).toThrow(/value 1 is NaN/);
  });
});
