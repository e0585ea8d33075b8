import type { ImageSet } from './image-set';
import { selectImages, selectValues } from './subset';

describe('selectImages', () => {
  const set: ImageSet<Uint8Array> = {
    images: Uint8Array.from([1, 2, 3, 4, 5, 6]),
    labels: Int32Array.from([7, 8, 9]),
    classNames: ['x'],
    shape: [1, 1, 2],
    count: 3,
  };

  it('copies the chosen images and labels in the given order', () => {
    const out = selectImages(set, [2, 0, 2]);
    expect(Array.from(out.images)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(out.labels)).toEqual([9, 7, 9]);
    expect(out.count).toBe(3);
    expect(out.images).toBeInstanceOf(Uint8Array);
  });

  it('keeps Float32 sets Float32 and rejects bad indices', () => {
    const floats = { ...set, images: Float32Array.from(set.images) };
    expect(selectImages(floats, [1]).images).toEqual(Float32Array.from([3, 4]));
    expect(() => selectImages(set, [3])).toThrow(RangeError);
    expect(() => selectValues(Int32Array.from([1]), [-1])).toThrow(RangeError);
  });
});
