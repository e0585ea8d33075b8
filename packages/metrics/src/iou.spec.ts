import { confusionAt, iou, IouAccumulator, iouFromCounts } from './iou';

describe('iou', () => {
  it('is TP / (TP + FP + FN) of map >= t against mask > 0', () => {
    // map >= 0.5 -> [1, 1, 0, 1]; mask [1, 1, 0, 0]: TP 2, FP 1, FN 0 -> 2/3.
    expect(iou([0.9, 0.8, 0.1, 0.7], [1, 1, 0, 0], 0.5)).toBeCloseTo(2 / 3, 15);
    // Masks stored as 0/255 or booleans mean the same.
    expect(iou([0.9, 0.8, 0.1, 0.7], new Uint8Array([255, 255, 0, 0]), 0.5)).toBeCloseTo(2 / 3, 15);
    expect(iou([0.9, 0.8, 0.1, 0.7], [true, true, false, false], 0.5)).toBeCloseTo(2 / 3, 15);
  });

  it('counts a score equal to the threshold as predicted', () => {
    expect(confusionAt([0.5, 0.4], [1, 0], 0.5)).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it('pools counts over images', () => {
    // Image 1: [0.9, 0.1] vs [1, 1] at 0.5 -> TP 1, FN 1. Image 2: [0.6, 0.2] vs [0, 0] -> FP 1, TN 1.
    // Pooled: 1 / (1 + 1 + 1) = 1/3 (the mean of per-image IoUs would differ: image 2 has none).
    const acc = new IouAccumulator(0.5);
    acc.add([0.9, 0.1], [1, 1]);
    acc.add([0.6, 0.2], [0, 0]);
    expect(acc.counts()).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(acc.iou()).toBeCloseTo(1 / 3, 15);
  });

  it('counts only covered pixels', () => {
    // Covered as in the first case: 2/3. The uncovered false positive (score 5) would make it 2/4; its NaN
    // neighbour is never read.
    const covered = [1, 1, 1, 1, 0, 0];
    const map = [0.9, 0.8, 0.1, 0.7, 5, NaN];
    const mask = [1, 1, 0, 0, 0, 1];
    expect(confusionAt(map, mask, 0.5, covered)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(iou(map, mask, 0.5, covered)).toBeCloseTo(2 / 3, 15);
    expect(iou(map.slice(0, 5), mask.slice(0, 5), 0.5)).toBeCloseTo(2 / 4, 15);
    const acc = new IouAccumulator(0.5);
    acc.add(map, mask, covered);
    acc.add([0.6, 0.6], [1, 1], [0, true]);
    expect(acc.counts()).toEqual({ tp: 3, fp: 1, tn: 1, fn: 0 });
    expect(() => iou(map, mask, 0.5, [1])).toThrow(/confusionAt: coverage mask has 1 values, expected 6/);
  });

  it('throws when IoU is undefined or the input is bad', () => {
    expect(() => iou([0.1, 0.2], [0, 0], 0.5)).toThrow(/undefined/);
    expect(() => iouFromCounts({ tp: 0, fp: 0, tn: 3, fn: 0 })).toThrow(/undefined/);
    expect(() => iou([0.1, NaN], [0, 1], 0.5)).toThrow(/index 1 is NaN/);
    expect(() => iou([0.1], [0, 1], 0.5)).toThrow(/differ in length/);
    expect(() => iou([0.1], [NaN], 0.5)).toThrow(/mask value at index 0 is NaN/);
    expect(() => iou([0.1], [1], NaN)).toThrow(/threshold is NaN/);
    expect(() => new IouAccumulator(NaN)).toThrow(/threshold is NaN/);
  });
});
