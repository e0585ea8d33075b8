// Writers for small test fixtures in the official on-disk formats (IDX, CIFAR-10 binary, PNG via sharp).
// Used by this package's tests; not part of the published API.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { DatasetError } from '../dataset-error';

/** A fresh temporary folder and a function that deletes it. */
export function makeTempDir(prefix = 'nln-datasets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes of an IDX file of unsigned bytes with the given dimensions (big-endian header). */
export function idxBytes(magic: number, dims: readonly number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** Writes `count` images of `rows` x `cols` as an IDX image file (magic 2051), gzip-compressed if `gzip`. */
export function writeIdxImages(file: string, images: Uint8Array, count: number, rows: number, cols: number, gzip = false): void {
  const bytes = idxBytes(2051, [count, rows, cols], images);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
}

/** Writes labels as an IDX label file (magic 2049), gzip-compressed if `gzip`. */
export function writeIdxLabels(file: string, labels: readonly number[], gzip = false): void {
  const bytes = idxBytes(2049, [labels.length], Uint8Array.from(labels));
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
}

/** A deterministic test image: value at (image n, index i) = (n * 37 + i * 11) mod 256. */
export function patternImages(count: number, size: number): Uint8Array {
  const out = new Uint8Array(count * size);
  for (let n = 0; n < count; n++) for (let i = 0; i < size; i++) out[n * size + i] = (n * 37 + i * 11) % 256;
  return out;
}

/** Writes the four MNIST IDX files (raw or .gz) into `dir`. */
export function writeMnistLike(
  dir: string,
  train: { images: Uint8Array; labels: number[] },
  test: { images: Uint8Array; labels: number[] },
  rows: number,
  cols: number,
  gzip = false,
): void {
  const ext = gzip ? '.gz' : '';
  writeIdxImages(join(dir, `train-images-idx3-ubyte${ext}`), train.images, train.labels.length, rows, cols, gzip);
  writeIdxLabels(join(dir, `train-labels-idx1-ubyte${ext}`), train.labels, gzip);
  writeIdxImages(join(dir, `t10k-images-idx3-ubyte${ext}`), test.images, test.labels.length, rows, cols, gzip);
  writeIdxLabels(join(dir, `t10k-labels-idx1-ubyte${ext}`), test.labels, gzip);
}

/**
 * Writes a CIFAR-10 binary batch: per record one label byte, then the 32x32 red, green and blue planes.
 * `imagesNhwc` holds the images channels-last (32x32x3 each), so tests can compare with the loader's output.
 */
export function writeCifarBatch(file: string, labels: readonly number[], imagesNhwc: Uint8Array): void {
  const pixels = 32 * 32;
  const out = Buffer.alloc(labels.length * (1 + 3 * pixels));
  labels.forEach((label, n) => {
    const rec = n * (1 + 3 * pixels);
    out[rec] = label;
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) out[rec + 1 + c * pixels + p] = imagesNhwc[(n * pixels + p) * 3 + c];
    }
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out);
}

/** Writes raw NHWC pixels of one image as a PNG with exactly `channels` channels (1 = greyscale). */
export async function writePng(file: string, pixels: Uint8Array, height: number, width: number, channels: 1 | 2 | 3 | 4): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  let image = sharp(Buffer.from(pixels), { raw: { width, height, channels } });
  if (channels <= 2) image = image.toColourspace('b-w');
  await image.png().toFile(file);
}

/** Asserts that `promise` rejects with a {@link DatasetError} for `file` whose problem matches `problem`. */
export async function expectDatasetError(promise: Promise<unknown>, file: string, problem: RegExp): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  const datasetError = error as DatasetError;
  expect(datasetError.file).toBe(file);
  expect(datasetError.message).toContain(file);
  expect(datasetError.problem).toMatch(problem);
  return datasetError;
}

/** What {@link writeMvtecClass} wrote: the pixels of every image and mask, keyed by path relative to the class folder. */
export interface WrittenMvtecClass {
  /** Raw NHWC pixels of each image, e.g. `"test/crack/000.png"`. */
  readonly images: Map<string, Uint8Array>;
  /** Raw 0/255 masks, e.g. `"ground_truth/crack/000_mask.png"`. */
  readonly masks: Map<string, Uint8Array>;
}

/**
 * Writes an MVTec-AD-shaped class folder with PNGs: `train/good/000.png ...`, `test/good/...`,
 * `test/<defect>/...` and `ground_truth/<defect>/<name>_mask.png` (values 0 and 255).
 */
export async function writeMvtecClass(
  root: string,
  name: string,
  spec: { width: number; height: number; channels: 1 | 3; train: number; testGood: number; defects: Record<string, number> },
): Promise<WrittenMvtecClass> {
  const { width, height, channels } = spec;
  const images = new Map<string, Uint8Array>();
  const masks = new Map<string, Uint8Array>();
  let seed = 0;
  const pixels = () => {
    seed++;
    return Uint8Array.from({ length: width * height * channels }, (_, i) => (seed * 29 + i * 7) % 256);
  };
  const writeImage = async (rel: string) => {
    const data = pixels();
    images.set(rel, data);
    await writePng(join(root, name, rel), data, height, width, channels);
  };
  const file = (i: number) => `${String(i).padStart(3, '0')}.png`;
  for (let i = 0; i < spec.train; i++) await writeImage(`train/good/${file(i)}`);
  for (let i = 0; i < spec.testGood; i++) await writeImage(`test/good/${file(i)}`);
  for (const [defect, count] of Object.entries(spec.defects)) {
    for (let i = 0; i < count; i++) {
      await writeImage(`test/${defect}/${file(i)}`);
      const mask = Uint8Array.from({ length: width * height }, (_, p) => ((p + i) % 3 === 0 ? 255 : 0));
      const rel = `ground_truth/${defect}/${String(i).padStart(3, '0')}_mask.png`;
      masks.set(rel, mask);
      await writePng(join(root, name, rel), mask, height, width, 1);
    }
  }
  return { images, masks };
}
