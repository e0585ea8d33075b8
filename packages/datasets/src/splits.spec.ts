import type { ImageSet, TrainTestSets } from './image-set';
import { miso, resolveClass, selectionSplit, simo, testSubset } from './splits';

/** A set whose single-pixel image i holds the value i, so every sample can be traced. */
function tracedSet(labels: number[], classNames: string[]): ImageSet<Uint8Array> {
  return {
    images: Uint8Array.from(labels, (_, i) => i),
    labels: Int32Array.from(labels),
    classNames,
    shape: [1, 1, 1],
    count: labels.length,
  };
}

const names = ['a', 'b', 'c'];
// 30 training samples: 10 per class; 9 test samples: 3 per class.
const data: TrainTestSets = {
  train: tracedSet(Array.from({ length: 30 }, (_, i) => i % 3), names),
  test: tracedSet([0, 1, 2, 0, 1, 2, 0, 1, 2], names),
};

describe('miso', () => {
  it('trains on every class but the novel one and marks only that class novel in the full test set', () => {
    const split = miso(data, 'b');
    expect(split.splitClass).toBe(1);
    expect(split.train.count).toBe(20);
    expect(Array.from(split.train.labels).every((l) => l !== 1)).toBe(true);
    // images follow their labels through the shuffle
    split.trainIndices.forEach((from, i) => expect(split.train.images[i]).toBe(from));
    expect(Array.from(split.novel)).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(split.test).toBe(data.test);
    expect(Array.from(split.trainContaminated).every((x) => x === 0)).toBe(true);
  });

  it('adds back round(p * excluded) novel samples as contamination and flags them', () => {
    const split = miso(data, 1, { contamination: 0.3, seed: 5 });
    expect(split.train.count).toBe(23);
    const contaminated = Array.from(split.train.labels).filter((l) => l === 1).length;
    expect(contaminated).toBe(3);
    split.train.labels.forEach((l, i) => expect(split.trainContaminated[i]).toBe(l === 1 ? 1 : 0));
  });

  it('limits the training set and the test set', () => {
    const split = miso(data, 0, { limit: 5, testLimit: 4 });
    expect(split.train.count).toBe(5);
    expect(new Set(split.trainIndices).size).toBe(5);
    expect(split.test.count).toBe(4);
    expect(Array.from(split.novel)).toEqual([1, 0, 0, 1]);
  });

  it('gives byte-identical splits for the same seed and different ones for another seed', () => {
    const a = miso(data, 2, { contamination: 0.5, seed: 9 });
    const b = miso(data, 2, { contamination: 0.5, seed: 9 });
    const c = miso(data, 2, { contamination: 0.5, seed: 10 });
    expect(Buffer.from(b.train.images).equals(Buffer.from(a.train.images))).toBe(true);
    expect(b.trainIndices).toEqual(a.trainIndices);
    expect(b.trainContaminated).toEqual(a.trainContaminated);
    expect(c.trainIndices).not.toEqual(a.trainIndices);
  });

  it('rejects unknown classes and bad options', () => {
    expect(() => miso(data, 3)).toThrow(/unknown class 3/);
    expect(() => miso(data, 'z')).toThrow(/unknown class "z"; classes are 0:a, 1:b, 2:c/);
    expect(() => miso(data, 0, { contamination: 1.5 })).toThrow(RangeError);
    expect(() => miso(data, 0, { limit: 0 })).toThrow(RangeError);
  });
});

describe('simo', () => {
  it('trains on the inlier class only and marks every other class novel', () => {
    const split = simo(data, 'c');
    expect(split.protocol).toBe('simo');
    expect(split.train.count).toBe(10);
    expect(Array.from(split.train.labels).every((l) => l === 2)).toBe(true);
    expect(Array.from(split.novel)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('draws contamination from all other classes', () => {
    const split = simo(data, 0, { contamination: 0.1, seed: 1 });
    expect(split.train.count).toBe(12);
    expect(Array.from(split.trainContaminated).reduce((s, x) => s + x, 0)).toBe(2);
  });

  it('fails clearly when the inlier class has no training samples', () => {
    const empty: TrainTestSets = { train: tracedSet([0, 0], names), test: data.test };
    expect(() => simo(empty, 'b')).toThrow(/no training samples left for class 1 \(b\)/);
  });
});

describe('resolveClass', () => {
  it('accepts an index or a name', () => {
    expect(resolveClass(names, 2)).toBe(2);
    expect(resolveClass(names, 'a')).toBe(0);
  });
});

describe('selectionSplit', () => {
  // 50 normal samples of classes 0..4 (10 each) and 10 novel samples of class 5.
  const labels = Int32Array.from({ length: 60 }, (_, i) => (i < 50 ? i % 5 : 5));
  const novel = Uint8Array.from(labels, (l) => (l === 5 ? 1 : 0));

  it('returns disjoint sorted parts covering every index, stratified by novelty and class', () => {
    const { selection, evaluation } = selectionSplit({ novel, labels }, { seed: 3 });
    expect(selection.length).toBe(12);
    expect(evaluation.length).toBe(48);
    const all = [...selection, ...evaluation].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(Array.from(selection)).toEqual([...selection].sort((a, b) => a - b));
    for (let c = 0; c <= 5; c++) expect(Array.from(selection).filter((i) => labels[i] === c).length).toBe(2);
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = selectionSplit({ novel, labels }, { seed: 1, fraction: 0.3 });
    const b = selectionSplit({ novel, labels }, { seed: 1, fraction: 0.3 });
    const c = selectionSplit({ novel, labels }, { seed: 2, fraction: 0.3 });
    expect(Buffer.from(b.selection.buffer).equals(Buffer.from(a.selection.buffer))).toBe(true);
    expect(c.selection).not.toEqual(a.selection);
  });

  it('keeps at least one sample of a small stratum on each side, and a lone sample for evaluation', () => {
    const flags = Uint8Array.from([1, 1, 0]);
    const { selection, evaluation } = selectionSplit({ novel: flags });
    expect(selection.length).toBe(1);
    expect(flags[selection[0]]).toBe(1);
    expect(evaluation.length).toBe(2);
    expect(Array.from(evaluation)).toContain(2);
  });

  it('rejects a fraction outside (0, 1) and mismatched lengths', () => {
    expect(() => selectionSplit({ novel }, { fraction: 1 })).toThrow(RangeError);
    expect(() => selectionSplit({ novel, labels: new Int32Array(3) })).toThrow(RangeError);
  });

  it('testSubset takes the matching images and flags', () => {
    const split = miso(data, 'a');
    const part = testSubset(split, [0, 2]);
    expect(Array.from(part.test.images)).toEqual([0, 2]);
    expect(Array.from(part.novel)).toEqual([1, 0]);
  });
});
