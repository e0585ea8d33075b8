import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImageFolder } from './image-folder';
import { expectDatasetError, makeTempDir, patternImages, writePng } from './test-utils/fixtures';

describe('loadImageFolder', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  const W = 3;
  const H = 2;
  const pixels = patternImages(6, W * H * 3);
  const image = (i: number) => pixels.subarray(i * 18, (i + 1) * 18);

  async function writeFolder(): Promise<void> {
    await writePng(join(root, 'train/b.png'), image(1), H, W, 3);
    await writePng(join(root, 'train/a.png'), image(0), H, W, 3);
    await writePng(join(root, 'test/good/x.png'), image(2), H, W, 3);
    await writePng(join(root, 'test/broken/y.png'), image(3), H, W, 3);
    await writePng(join(root, 'test/broken/z.png'), image(4), H, W, 3);
  }

  it('reads train and labelled test images pixel for pixel in sorted order', async () => {
    await writeFolder();
    writeFileSync(join(root, 'train/README.txt'), 'ignored: not an image');
    const { train, test } = await loadImageFolder(root);
    expect(train.classNames).toEqual(['broken', 'good']);
    expect(train.shape).toEqual([2, 3, 3]);
    expect(Array.from(train.labels)).toEqual([1, 1]);
    expect(Array.from(train.images)).toEqual([...image(0), ...image(1)]);
    expect(Array.from(test.labels)).toEqual([0, 0, 1]);
    expect(Array.from(test.images)).toEqual([...image(3), ...image(4), ...image(2)]);
  });

  it('resizes and converts channels when asked', async () => {
    await writeFolder();
    await writePng(join(root, 'test/good/big.png'), new Uint8Array(5 * 4), 4, 5, 1);
    const { train, test } = await loadImageFolder(root, { size: [4, 4], channels: 1 });
    expect(train.shape).toEqual([4, 4, 1]);
    expect(test.count).toBe(4);
    expect(test.images.length).toBe(4 * 16);
  });

  it('rejects a size that is not two positive integers', async () => {
    await writeFolder();
    await expect(loadImageFolder(root, { size: [0, 4] })).rejects.toThrow(RangeError);
  });

  it('rejects an image of another size', async () => {
    await writeFolder();
    await writePng(join(root, 'test/good/big.png'), new Uint8Array(5 * 4 * 3), 4, 5, 3);
    await expectDatasetError(loadImageFolder(root), join(root, 'test/good/big.png'), /image is 4x5x3, expected 2x3x3/);
  });

  it('rejects an image with another channel count', async () => {
    await writeFolder();
    await writePng(join(root, 'train/c.png'), new Uint8Array(W * H), H, W, 1);
    await expectDatasetError(loadImageFolder(root), join(root, 'train/c.png'), /image is 2x3x1, expected 2x3x3/);
  });

  it('rejects an alpha channel unless channels is given', async () => {
    await writeFolder();
    await writePng(join(root, 'train/c.png'), new Uint8Array(W * H * 4), H, W, 4);
    await expectDatasetError(loadImageFolder(root), join(root, 'train/c.png'), /image has an alpha channel \(4 channels\)/);
    expect((await loadImageFolder(root, { channels: 3 })).train.count).toBe(3);
  });

  it('rejects an unreadable image', async () => {
    await writeFolder();
    writeFileSync(join(root, 'test/good/bad.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    await expectDatasetError(loadImageFolder(root), join(root, 'test/good/bad.png'), /unreadable image/);
  });

  it('rejects an empty label folder, a loose test image and a missing split', async () => {
    await writeFolder();
    mkdirSync(join(root, 'test/empty'));
    await expectDatasetError(loadImageFolder(root), join(root, 'test/empty'), /empty class/);
    const other = join(root, 'other');
    await writePng(join(other, 'train/a.png'), image(0), H, W, 3);
    await writePng(join(other, 'test/a.png'), image(0), H, W, 3);
    await expectDatasetError(loadImageFolder(other), join(other, 'test/a.png'), /image outside a label folder/);
    await expectDatasetError(loadImageFolder(join(root, 'nowhere')), join(root, 'nowhere', 'train'), /missing folder/);
  });
});
