import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CIFAR10_RECORD_BYTES, IDX_IMAGES_MAGIC, isGzip, parseCifarBatch, parseIdx, readImageFile, type ImageShape } from '@nln/datasets';
import { expandPaths, isGlob } from '../cli/expand-paths';

/** One input image ready for preprocessing: raw 8-bit pixels of the model's shape. */
export interface InputImage {
  /** File name, with `#i` for the i-th image of an IDX or CIFAR file. */
  readonly name: string;
  /** `H * W * C` bytes, channels last. */
  readonly pixels: Uint8Array;
  /** The stored `[height, width]` of an image that `resize` scaled to the model's size. */
  readonly resizedFrom?: readonly [number, number];
}

/** How {@link readInputFile} treats PNG/JPEG images of another size than the model's. */
export interface ReadInputOptions {
  /** Scale them to the model's size (recorded per image) instead of refusing them. */
  readonly resize: boolean;
}

/** An input that could not be read, and why. */
export interface SkippedInput {
  /** File name. */
  readonly name: string;
  /** The problem, naming the file. */
  readonly reason: string;
}

/** Image file extensions `score` decodes with sharp. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function listImagesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listImagesIn(full)));
    else if (IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/**
 * Lists the files `--input` names: a file, every image below a folder (sorted, recursive), or the
 * matches of a glob. Throws when the input does not exist or holds nothing to score.
 */
export async function listInputFiles(input: string): Promise<string[]> {
  const matches = isGlob(input) ? await expandPaths(input) : [input];
  const files: string[] = [];
  for (const m of matches) {
    const info = await stat(m).catch(() => undefined);
    if (info === undefined) throw new Error(`${m}: no such file or folder`);
    if (info.isDirectory()) files.push(...(await listImagesIn(m)));
    else files.push(m);
  }
  if (files.length === 0) throw new Error(`${input}: no images to score (looked for ${IMAGE_EXTENSIONS.join(', ')}, IDX and CIFAR-10 .bin files)`);
  return files;
}

function shapeText(shape: ImageShape): string {
  return `${shape[0]}x${shape[1]}x${shape[2]}`;
}

/**
 * The single channel of an RGB image whose three channels are equal everywhere (a greyscale image stored
 * as RGB, as many tools write them), or undefined when it has colour.
 */
export function greyFromEqualChannels(rgb: Uint8Array): Uint8Array | undefined {
  const n = rgb.length / 3;
  const grey = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rgb[i * 3];
    if (rgb[i * 3 + 1] !== r || rgb[i * 3 + 2] !== r) return undefined;
    grey[i] = r;
  }
  return grey;
}

/** Reads an IDX image file (raw or gzip) whose images must have the model's size. */
function idxImages(bytes: Uint8Array, file: string, shape: ImageShape): InputImage[] {
  const raw = isGzip(bytes) ? new Uint8Array(gunzipSync(bytes)) : bytes;
  const idx = parseIdx(raw, file, IDX_IMAGES_MAGIC);
  const [count, rows, cols] = idx.dims;
  if (idx.dims.length !== 3 || rows !== shape[0] || cols !== shape[1] || shape[2] !== 1) {
    throw new Error(`${file}: IDX images are ${idx.dims.slice(1).join('x')}x1, the model takes ${shapeText(shape)}`);
  }
  const size = rows * cols;
  return Array.from({ length: count }, (_, i) => ({ name: `${file}#${i}`, pixels: idx.data.subarray(i * size, (i + 1) * size) }));
}

/** Reads a CIFAR-10 binary batch; the model must take 32x32x3. */
function cifarImages(bytes: Uint8Array, file: string, shape: ImageShape): InputImage[] {
  if (shape[0] !== 32 || shape[1] !== 32 || shape[2] !== 3) throw new Error(`${file}: CIFAR-10 images are 32x32x3, the model takes ${shapeText(shape)}`);
  const batch = parseCifarBatch(bytes, file, 10);
  const size = 32 * 32 * 3;
  return Array.from({ length: batch.labels.length }, (_, i) => ({ name: `${file}#${i}`, pixels: batch.images.subarray(i * size, (i + 1) * size) }));
}

/**
 * Decodes one input file into images of the model's shape: PNG/JPEG (of the model's height and width, or
 * scaled to it with sharp under `resize`; the stored channel count must equal the model's, except that a
 * greyscale image stored as RGB with equal channels is accepted by a 1-channel model), IDX image files (raw
 * or .gz), or CIFAR-10 `.bin` batches. Errors name the file and the problem.
 */
export async function readInputFile(file: string, shape: ImageShape, options: ReadInputOptions = { resize: false }): Promise<InputImage[]> {
  const ext = extname(file).toLowerCase();
  if (IMAGE_EXTENSIONS.includes(ext)) {
    // Decoded once: scaled on the way when --resize is on and the stored size differs.
    const decoded = await readImageFile(file, options.resize ? { size: [shape[0], shape[1]] } : {});
    const stored: [number, number] = [decoded.sourceSize[0], decoded.sourceSize[1]];
    const sameSize = stored[0] === shape[0] && stored[1] === shape[1];
    if (!sameSize && !options.resize) {
      throw new Error(`${file}: image is ${stored[0]}x${stored[1]}, the model takes ${shape[0]}x${shape[1]} (--resize scales it)`);
    }
    const resized = sameSize ? {} : { resizedFrom: stored };
    if (decoded.shape[2] === 3 && shape[2] === 1) {
      const grey = greyFromEqualChannels(decoded.data);
      if (grey === undefined) throw new Error(`${file}: image has 3 colour channels, the model takes 1 (greyscale ${shapeText(shape)})`);
      return [{ name: file, pixels: grey, ...resized }];
    }
    if (decoded.shape[2] !== shape[2]) {
      throw new Error(`${file}: image has ${decoded.shape[2]} channel(s), the model takes ${shape[2]} (${shapeText(shape)})`);
    }
    return [{ name: file, pixels: decoded.data, ...resized }];
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new Error(`${file}: cannot read (${message(error)})`);
  }
  if (ext === '.bin') return cifarImages(bytes, file, shape);
  const head = isGzip(bytes) ? new Uint8Array(gunzipSync(bytes).subarray(0, 4)) : bytes.subarray(0, 4);
  if (head.length === 4 && ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) === IDX_IMAGES_MAGIC) return idxImages(bytes, file, shape);
  if (bytes.length > 0 && bytes.length % CIFAR10_RECORD_BYTES === 0) return cifarImages(bytes, file, shape);
  throw new Error(`${file}: not a PNG/JPEG image, an IDX image file or a CIFAR-10 batch`);
}

/** Reads every input file; a file that fails is recorded as skipped and the rest are still read. */
export async function readInputs(files: readonly string[], shape: ImageShape, options: ReadInputOptions = { resize: false }): Promise<{ images: InputImage[]; skipped: SkippedInput[] }> {
  const images: InputImage[] = [];
  const skipped: SkippedInput[] = [];
  for (const file of files) {
    try {
      images.push(...(await readInputFile(file, shape, options)));
    } catch (error) {
      skipped.push({ name: file, reason: message(error) });
    }
  }
  return { images, skipped };
}
