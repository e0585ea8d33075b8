import { sortScoresInPlace } from './bucket-sort';
import { seededRandom } from './test-utils/reference';

function expectSortedLikeNative(values: Float64Array | Float32Array): void {
  const expected = values.slice().sort();
  sortScoresInPlace(values);
  expect(Array.from(values)).toEqual(Array.from(expected));
}

describe('sortScoresInPlace', () => {
  const rand = seededRandom(13);

  it('sorts like the native sort: uniform, tied, negative, skewed and tiny inputs', () => {
    expectSortedLikeNative(Float64Array.from({ length: 5000 }, () => rand()));
    expectSortedLikeNative(Float64Array.from({ length: 5000 }, () => Math.floor(rand() * 7) - 3));
    expectSortedLikeNative(Float32Array.from({ length: 5000 }, () => (rand() - 0.5) * 1e6));
    // Skewed: almost everything in the first bucket, one far outlier.
    const skewed = Float64Array.from({ length: 5000 }, () => rand() * 1e-3);
    skewed[17] = 1e12;
    expectSortedLikeNative(skewed);
    expectSortedLikeNative(Float64Array.from({ length: 5000 }, () => Math.exp(20 * rand())));
    expectSortedLikeNative(new Float64Array([3, 1, 2]));
    expectSortedLikeNative(new Float64Array(0));
    expectSortedLikeNative(new Float64Array(100).fill(2));
  });

  it('handles ranges too wide or too narrow to bucket', () => {
    const wide = Float64Array.from({ length: 1000 }, () => (rand() - 0.5) * 1.9 * Number.MAX_VALUE);
    wide[0] = Number.MAX_VALUE;
    wide[1] = -Number.MAX_VALUE;
    expectSortedLikeNative(wide);
    const narrow = Float64Array.from({ length: 1000 }, () => (rand() < 0.5 ? Number.MIN_VALUE : 2 * Number.MIN_VALUE));
    expectSortedLikeNative(narrow);
  });
});
