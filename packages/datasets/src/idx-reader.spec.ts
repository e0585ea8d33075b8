import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx, readIdxFile, readIdxImages, readIdxLabels } from './idx-reader';
import { expectDatasetError, idxBytes, makeTempDir, patternImages, writeIdxImages, writeIdxLabels } from './test-utils/fixtures';

describe('idx-reader', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it.each([false, true])('reads images and labels byte for byte (gzip: %s)', async (gzip) => {
    const images = patternImages(3, 4 * 5);
    writeIdxImages(join(dir, 'img'), images, 3, 4, 5, gzip);
    writeIdxLabels(join(dir, 'lab'), [7, 0, 255], gzip);
    const read = await readIdxImages(join(dir, 'img'));
    expect(read).toMatchObject({ count: 3, rows: 4, cols: 5 });
    expect(Array.from(read.images)).toEqual(Array.from(images));
    expect(Array.from(await readIdxLabels(join(dir, 'lab')))).toEqual([7, 0, 255]);
  });

  it('parses big-endian dimensions larger than one byte', () => {
    const data = new Uint8Array(300 * 2);
    data[599] = 9;
    const idx = parseIdx(idxBytes(IDX_IMAGES_MAGIC, [1, 300, 2], data), 'x');
    expect(idx.dims).toEqual([1, 300, 2]);
    expect(idx.data[599]).toBe(9);
  });

  it('names a missing file', async () => {
    const file = join(dir, 'nope');
    await expectDatasetError(readIdxFile(file), file, /missing file/);
  });

  it('rejects a wrong magic number (labels where images are expected)', async () => {
    const file = join(dir, 'lab');
    writeIdxLabels(file, [1, 2]);
    await expectDatasetError(readIdxImages(file), file, /wrong magic number 2049 .* expected 2051/);
  });

  it('rejects a file that is not IDX at all', async () => {
    const file = join(dir, 'text');
    writeFileSync(file, 'hello world, not idx');
    await expectDatasetError(readIdxFile(file), file, /not an IDX file/);
  });

  it('rejects a truncated image file', async () => {
    const file = join(dir, 'img');
    const bytes = idxBytes(IDX_IMAGES_MAGIC, [2, 3, 3], patternImages(2, 9));
    writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    await expectDatasetError(readIdxImages(file), file, /truncated: header says 2 records \(18 data bytes\), file holds 14/);
  });

  it('rejects a truncated gzip stream', async () => {
    const file = join(dir, 'img.gz');
    const gz = gzipSync(idxBytes(IDX_IMAGES_MAGIC, [2, 3, 3], patternImages(2, 9)));
    writeFileSync(file, gz.subarray(0, gz.length - 6));
    await expectDatasetError(readIdxImages(file), file, /corrupt gzip data/);
  });

  it('rejects a record count that disagrees with the header', async () => {
    const file = join(dir, 'lab');
    writeFileSync(file, idxBytes(IDX_LABELS_MAGIC, [5], Uint8Array.from([1, 2, 3])));
    await expectDatasetError(readIdxLabels(file), file, /record count disagrees with header: header says 5 records, file holds 3/);
  });

  it('rejects a header cut short', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'short')).toThrow(/truncated IDX header/);
    expect(() => parseIdx(Uint8Array.from([0, 0]), 'tiny')).toThrow(/too short for a header/);
  });

  it('rejects element types other than unsigned bytes', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'floats')).toThrow(/unsupported IDX element type 0xd/);
  });
});
