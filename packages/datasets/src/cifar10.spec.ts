import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR10_CLASS_NAMES, CIFAR10_RECORD_BYTES, CIFAR10_TRAIN_FILES, loadCifar10, parseCifarBatch } from './cifar10';
import type { LoadProgress } from './progress';
import { expectDatasetError, makeTempDir, patternImages, writeCifarBatch } from './test-utils/fixtures';

const IMAGE = 32 * 32 * 3;

describe('loadCifar10', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  /** Writes five training batches of `perBatch` images and a test batch of 2; returns the NHWC pixels. */
  function writeFixture(perBatch = 2): { train: Uint8Array; trainLabels: number[]; test: Uint8Array } {
    writeFileSync(join(dir, 'batches.meta.txt'), `${CIFAR10_CLASS_NAMES.join('\n')}\n\n`);
    const train = patternImages(5 * perBatch, IMAGE);
    const trainLabels = Array.from({ length: 5 * perBatch }, (_, i) => (i * 3) % 10);
    CIFAR10_TRAIN_FILES.forEach((name, b) => {
      const from = b * perBatch;
      writeCifarBatch(join(dir, name), trainLabels.slice(from, from + perBatch), train.subarray(from * IMAGE, (from + perBatch) * IMAGE));
    });
    const test = patternImages(2, IMAGE).reverse();
    writeCifarBatch(join(dir, 'test_batch.bin'), [9, 0], test);
    return { train, trainLabels, test };
  }

  it('converts planar records to NHWC pixel for pixel and reads the class names', async () => {
    const fixture = writeFixture();
    const progress: LoadProgress[] = [];
    const { train, test } = await loadCifar10({ dir, onProgress: (p) => progress.push(p) });
    expect(train.shape).toEqual([32, 32, 3]);
    expect(train.count).toBe(10);
    expect(Buffer.from(train.images).equals(Buffer.from(fixture.train))).toBe(true);
    expect(Array.from(train.labels)).toEqual(fixture.trainLabels);
    expect(Buffer.from(test.images).equals(Buffer.from(fixture.test))).toBe(true);
    expect(Array.from(test.labels)).toEqual([9, 0]);
    expect(test.classNames).toEqual(CIFAR10_CLASS_NAMES);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('places the red, green and blue planes into channels 0, 1 and 2', () => {
    const record = new Uint8Array(CIFAR10_RECORD_BYTES);
    record[0] = 4;
    record[1 + 5] = 11; // red, pixel 5
    record[1 + 1024 + 5] = 22; // green, pixel 5
    record[1 + 2048 + 1023] = 33; // blue, last pixel
    const { images, labels } = parseCifarBatch(record, 'r', 10);
    expect(labels[0]).toBe(4);
    expect(Array.from(images.subarray(15, 18))).toEqual([11, 22, 0]);
    expect(images[1023 * 3 + 2]).toBe(33);
  });

  it('names a missing batch file', async () => {
    writeFixture();
    rmSync(join(dir, 'data_batch_3.bin'));
    await expect(loadCifar10({ dir })).rejects.toThrow(`${join(dir, 'data_batch_3.bin')}: missing file`);
  });

  it('names a missing batches.meta.txt', async () => {
    writeFixture();
    rmSync(join(dir, 'batches.meta.txt'));
    await expectDatasetError(loadCifar10({ dir }), join(dir, 'batches.meta.txt'), /^missing file$/);
  });

  it('rejects a truncated batch', async () => {
    writeFixture();
    writeFileSync(join(dir, 'test_batch.bin'), new Uint8Array(CIFAR10_RECORD_BYTES + 100));
    await expect(loadCifar10({ dir })).rejects.toThrow(/test_batch.bin: truncated or not a CIFAR-10 batch: 3173 bytes is 1 whole 3073-byte records and 100 bytes over/);
  });

  it('rejects a label without a class name', async () => {
    writeFixture();
    writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\n');
    await expect(loadCifar10({ dir })).rejects.toThrow(/data_batch_1.bin: label 3 of record 1 is outside 0..1/);
  });
});
