import { applyCalibration, checkThreshold, decide, fitCalibration, type ScoreTerms } from './calibration';

const f32 = (...values: number[]): Float32Array => Float32Array.from(values);
const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 6));
};

// Four selection images. Constants: reconstruction [0.1, 0.3], NLN error [0.2, 0.6], distance [1, 3].
// Normalised NLN error (e - 0.2) / 0.4 = [0, 1, 0.5, 0.25]; distance (d - 1) / 2 = [0, 1, 0.5, 0].
// alpha 0.5: scores [0, 1, 0.5, 0.125].
const selection: ScoreTerms = {
  reconstruction: f32(0.1, 0.3, 0.2, 0.1),
  nlnError: f32(0.2, 0.6, 0.4, 0.3),
  distance: f32(1, 3, 2, 1),
};

describe('fitCalibration', () => {
  it("fixes each term's min and max, K and alpha, and no threshold unless asked", () => {
    const { calibration, threshold } = fitCalibration(selection, { k: 2, alpha: 0.5 });
    expect(calibration.k).toBe(2);
    expect(calibration.alpha).toBe(0.5);
    expect(calibration.selectionCount).toBe(4);
    const { reconstruction, nlnError, distance } = calibration.constants;
    close([reconstruction.min, reconstruction.max, nlnError.min, nlnError.max, distance.min, distance.max], [0.1, 0.3, 0.2, 0.6, 1, 3]);
    expect(threshold).toBeNull();
  });

  it('sets the threshold halfway between the last allowed and the first excluded selection score', () => {
    // Sorted scores 1, 0.5, 0.125, 0: a rate of 0.25 allows one image at or above the threshold -> (1 + 0.5) / 2.
    const { threshold } = fitCalibration(selection, { k: 2, alpha: 0.5, falsePositiveRate: 0.25 });
    expect(threshold?.value).toBeCloseTo(0.75, 6);
    expect(threshold?.method).toBe('fpr<=0.25-on-selection');
    // A rate of 0 puts it just above the highest score.
    expect(fitCalibration(selection, { k: 2, alpha: 0.5, falsePositiveRate: 0 }).threshold?.value).toBeCloseTo(1 + 1e-6, 9);
  });

  it('names what is wrong with the choice or the terms', () => {
    expect(() => fitCalibration(selection, { k: 0, alpha: 0.5 })).toThrow('fitCalibration: K must be a positive integer, got 0');
    expect(() => fitCalibration(selection, { k: 1, alpha: 1.5 })).toThrow('fitCalibration: alpha must be in [0, 1], got 1.5');
    expect(() => fitCalibration(selection, { k: 1, alpha: 0.5, falsePositiveRate: 1 }, 'NlnScorer.calibrate')).toThrow(
      'NlnScorer.calibrate: falsePositiveRate must be in [0, 1), got 1',
    );
    const short = { ...selection, distance: f32(1, 2) };
    expect(() => fitCalibration(short, { k: 1, alpha: 0.5 })).toThrow(/differ in length \(4 reconstruction, 4 NLN error, 2 distance/);
    const none = { reconstruction: f32(), nlnError: f32(), distance: f32() };
    expect(() => fitCalibration(none, { k: 1, alpha: 0.5 })).toThrow('fitCalibration: no selection images');
    const bad = { ...selection, nlnError: f32(0.2, Number.NaN, 0.4, 0.3) };
    expect(() => fitCalibration(bad, { k: 1, alpha: 0.5 })).toThrow('fitCalibration NLN error: value 1 is NaN');
  });
});

describe('applyCalibration', () => {
  const { calibration } = fitCalibration(selection, { k: 2, alpha: 0.5 });

  it('gives the selection images the scores the threshold was fitted on', () => {
    const applied = applyCalibration(selection, calibration);
    close(applied.nlnError, [0, 1, 0.5, 0.25]);
    close(applied.distance, [0, 1, 0.5, 0]);
    close(applied.reconstruction, [0, 1, 0.5, 0]);
    close(applied.scores, [0, 1, 0.5, 0.125]);
  });

  it('maps new values with the fixed constants, outside [0, 1] when outside the selection range', () => {
    // e' = (0.8 - 0.2) / 0.4 = 1.5, d' = (0 - 1) / 2 = -0.5, r' = (0.4 - 0.1) / 0.2 = 1.5; score 0.5 * 1.5 + 0.5 * -0.5 = 0.5.
    const applied = applyCalibration({ reconstruction: f32(0.4), nlnError: f32(0.8), distance: f32(0) }, calibration);
    close(applied.nlnError, [1.5]);
    close(applied.distance, [-0.5]);
    close(applied.reconstruction, [1.5]);
    close(applied.scores, [0.5]);
  });

  it('uses a scale of 1 for a term constant over the selection', () => {
    const flat = fitCalibration({ ...selection, distance: f32(2, 2, 2, 2) }, { k: 1, alpha: 0 }).calibration;
    close(applyCalibration({ reconstruction: f32(0.1), nlnError: f32(0.2), distance: f32(2.5) }, flat).scores, [0.5]);
  });
});

describe('decide and checkThreshold', () => {
  it('flags scores at or above the threshold, and nothing without one', () => {
    expect(decide(f32(0.5, 0.75, 1), { value: 0.75, method: 'test' })).toEqual([false, true, true]);
    expect(decide(f32(0.5, 1), null)).toEqual([null, null]);
  });

  it('needs a finite value and a method name', () => {
    expect(() => checkThreshold({ value: Number.NaN, method: 'test' }, 'here')).toThrow('here: the threshold needs a finite value and a method name');
    expect(() => checkThreshold({ value: 0.5, method: '' }, 'here')).toThrow(/method name/);
    expect(() => checkThreshold({ value: 0.5, method: 'youden-on-selection' }, 'here')).not.toThrow();
  });
});
