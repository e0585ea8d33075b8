import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from './dataset-error';
import { readFileChecked } from './fs-utils';

const gunzipAsync = promisify(gunzip);

/** Magic number of an IDX label file: unsigned bytes, one dimension (count). */
export const IDX_LABELS_MAGIC = 2049;
/** Magic number of an IDX image file: unsigned bytes, three dimensions (count, rows, columns). */
export const IDX_IMAGES_MAGIC = 2051;

/** The contents of an IDX file of unsigned bytes: its dimensions (first = record count) and its data. */
export interface IdxArray {
  /** The magic number read from the header (e.g. {@link IDX_IMAGES_MAGIC}). */
  readonly magic: number;
  /** Dimensions from the header, big-endian on disk; `dims[0]` is the number of records. */
  readonly dims: readonly number[];
  /** The values, `dims` multiplied together, row-major. */
  readonly data: Uint8Array;
}

/** IDX images: `count` images of `rows` x `cols` unsigned bytes, one after another. */
export interface IdxImages {
  /** Pixels, `count * rows * cols` bytes. */
  readonly images: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height. */
  readonly rows: number;
  /** Image width. */
  readonly cols: number;
}

const UNSIGNED_BYTE = 0x08;

/** True when `bytes` starts with the gzip signature 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an (uncompressed) IDX file of unsigned bytes and checks it: the magic number, the header length
 * and that the data holds exactly the records the header announces. The data is copied out of `bytes`.
 *
 * @param bytes - the whole file
 * @param file - the file name, used in error messages
 * @param expectedMagic - when given, any other magic number is an error
 * @throws DatasetError naming `file` on any inconsistency
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedMagic?: number): IdxArray {
  if (bytes.length < 4) throw new DatasetError(file, `truncated IDX file: ${bytes.length} bytes, too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const describe = (m: number) => `${m} (0x${m.toString(16).padStart(8, '0')})`;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(file, `not an IDX file: wrong magic number ${describe(magic)}`);
  }
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    throw new DatasetError(file, `wrong magic number ${describe(magic)}, expected ${describe(expectedMagic)}`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new DatasetError(file, `unsupported IDX element type 0x${bytes[2].toString(16)} (only unsigned bytes, 0x08)`);
  }
  const rank = bytes[3];
  if (rank === 0) throw new DatasetError(file, 'IDX header declares zero dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetError(file, `truncated IDX header: ${rank} dimensions need ${headerBytes} bytes, file has ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims[0];
  const recordBytes = dims.slice(1).reduce((a, b) => a * b, 1);
  const expectedBytes = count * recordBytes;
  const actualBytes = bytes.length - headerBytes;
  if (actualBytes !== expectedBytes) {
    const wholeRecords = recordBytes > 0 ? actualBytes / recordBytes : Number.NaN;
    if (Number.isInteger(wholeRecords)) {
      throw new DatasetError(file, `record count disagrees with header: header says ${count} records, file holds ${wholeRecords}`);
    }
    if (actualBytes < expectedBytes) {
      throw new DatasetError(file, `truncated: header says ${count} records (${expectedBytes} data bytes), file holds ${actualBytes} data bytes`);
    }
    throw new DatasetError(file, `${actualBytes - expectedBytes} unexpected bytes after the ${count} records the header announces`);
  }
  return { magic, dims, data: new Uint8Array(bytes.subarray(headerBytes)) };
}

/**
 * Reads an IDX file, raw or gzip-compressed (detected from the content, not the name), and parses it with
 * {@link parseIdx}.
 */
export async function readIdxFile(file: string, expectedMagic?: number): Promise<IdxArray> {
  let bytes: Uint8Array = await readFileChecked(file);
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new DatasetError(file, `corrupt gzip data (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  return parseIdx(bytes, file, expectedMagic);
}

/** Reads an IDX image file (magic 2051, raw or .gz). */
export async function readIdxImages(file: string): Promise<IdxImages> {
  const { dims, data } = await readIdxFile(file, IDX_IMAGES_MAGIC);
  return { images: data, count: dims[0], rows: dims[1], cols: dims[2] };
}

/** Reads an IDX label file (magic 2049, raw or .gz) into one label per record. */
export async function readIdxLabels(file: string): Promise<Int32Array> {
  const { data } = await readIdxFile(file, IDX_LABELS_MAGIC);
  return Int32Array.from(data);
}
