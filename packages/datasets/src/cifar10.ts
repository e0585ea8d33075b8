import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import { readFileChecked } from './fs-utils';
import type { ImageSet, TrainTestSets } from './image-set';
import type { ProgressCallback } from './progress';

/** CIFAR-10 images are 32 x 32 x 3. */
const SIDE = 32;
const PIXELS = SIDE * SIDE;
/** Bytes of one record in the binary version: one label byte, then the red, green and blue 32x32 planes. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * PIXELS;

/** The official CIFAR-10 class names, in label order (as in `batches.meta.txt`). */
export const CIFAR10_CLASS_NAMES: readonly string[] = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Training batch files of `cifar-10-batches-bin`, in load order. */
export const CIFAR10_TRAIN_FILES: readonly string[] = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
/** Test batch file of `cifar-10-batches-bin`. */
export const CIFAR10_TEST_FILE = 'test_batch.bin';

/** Options of {@link loadCifar10}. */
export interface Cifar10LoadOptions {
  /** The `cifar-10-batches-bin` folder (holding `data_batch_1.bin` ... `test_batch.bin`, `batches.meta.txt`). */
  readonly dir: string;
  /** Called after each batch file is read. */
  readonly onProgress?: ProgressCallback;
}

/** The records of one CIFAR-10 batch file. */
export interface CifarBatch {
  /** Pixels, 32x32x3 per image, channels last. */
  readonly images: Uint8Array;
  /** One label per image. */
  readonly labels: Int32Array;
}

/**
 * Decodes one CIFAR-10 binary batch: records of a label byte and three planar 32x32 colour planes, turned
 * into channels-last (NHWC) pixels.
 *
 * @param bytes - the whole batch file
 * @param file - its name, for error messages
 * @param classCount - labels must be below it
 * @throws DatasetError for an empty file, a partial record or a label out of range
 */
export function parseCifarBatch(bytes: Uint8Array, file: string, classCount: number): CifarBatch {
  if (bytes.length === 0) throw new DatasetError(file, 'empty file, expected CIFAR-10 records');
  const count = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
  const leftover = bytes.length - count * CIFAR10_RECORD_BYTES;
  if (leftover !== 0) {
    throw new DatasetError(
      file,
      `truncated or not a CIFAR-10 batch: ${bytes.length} bytes is ${count} whole ${CIFAR10_RECORD_BYTES}-byte records and ${leftover} bytes over`,
    );
  }
  const images = new Uint8Array(count * 3 * PIXELS);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const rec = n * CIFAR10_RECORD_BYTES;
    const label = bytes[rec];
    if (label >= classCount) throw new DatasetError(file, `label ${label} of record ${n} is outside 0..${classCount - 1}`);
    labels[n] = label;
    const out = n * 3 * PIXELS;
    for (let c = 0; c < 3; c++) {
      const plane = rec + 1 + c * PIXELS;
      for (let p = 0; p < PIXELS; p++) images[out + p * 3 + c] = bytes[plane + p];
    }
  }
  return { images, labels };
}

/** Reads class names from `batches.meta.txt`: one per line, blank lines ignored. */
export async function readCifarClassNames(file: string): Promise<string[]> {
  const names = (await readFileChecked(file))
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length === 0) throw new DatasetError(file, 'no class names');
  return names;
}

async function loadBatches(dir: string, files: readonly string[], classNames: readonly string[], step: () => void): Promise<ImageSet<Uint8Array>> {
  const parts = [];
  for (const name of files) {
    const file = join(dir, name);
    parts.push(parseCifarBatch(await readFileChecked(file), file, classNames.length));
    step();
  }
  const count = parts.reduce((sum, part) => sum + part.labels.length, 0);
  const images = new Uint8Array(count * 3 * PIXELS);
  const labels = new Int32Array(count);
  let offset = 0;
  for (const part of parts) {
    images.set(part.images, offset * 3 * PIXELS);
    labels.set(part.labels, offset);
    offset += part.labels.length;
  }
  return { images, labels, classNames, shape: [SIDE, SIDE, 3], count };
}

/**
 * Loads CIFAR-10 from the binary distribution (`cifar-10-batches-bin`): 50000 training images from the five
 * data batches and 10000 test images, 32x32x3, raw bytes, channels last; class names from `batches.meta.txt`.
 *
 * @throws DatasetError naming the file for a missing file, a partial record or a label without a class name
 */
export async function loadCifar10(options: Cifar10LoadOptions): Promise<TrainTestSets> {
  const { dir, onProgress } = options;
  const classNames = await readCifarClassNames(join(dir, 'batches.meta.txt'));
  const total = CIFAR10_TRAIN_FILES.length + 1;
  let done = 0;
  const step = (stage: string) => () => onProgress?.({ done: ++done, total, stage });
  const train = await loadBatches(dir, CIFAR10_TRAIN_FILES, classNames, step('train'));
  const test = await loadBatches(dir, [CIFAR10_TEST_FILE], classNames, step('test'));
  return { train, test };
}
