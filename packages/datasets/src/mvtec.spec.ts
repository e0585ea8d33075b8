import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexMvtecClass, iterateMvtec, loadMvtecClass, readMvtecSample } from './mvtec';
import type { LoadProgress } from './progress';
import { expectDatasetError, makeTempDir, writeMvtecClass, writePng, type WrittenMvtecClass } from './test-utils/fixtures';

describe('MVTec-AD loader', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir: root, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  const bottle = { width: 5, height: 4, channels: 3 as const, train: 3, testGood: 2, defects: { scratch: 1, crack: 2 } };

  it('indexes a class in sorted order with paired masks and per-defect labels', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    const cls = await indexMvtecClass(root, 'bottle');
    expect(cls.channels).toBe(3);
    expect(cls.labelNames).toEqual(['good', 'crack', 'scratch']);
    expect(cls.train.map((s) => s.imagePath)).toEqual(['000', '001', '002'].map((n) => join(root, 'bottle/train/good', `${n}.png`)));
    expect(cls.test.map((s) => [s.defect, s.label, s.maskPath?.slice(root.length + 1) ?? null])).toEqual([
      ['good', 0, null],
      ['good', 0, null],
      ['crack', 1, 'bottle/ground_truth/crack/000_mask.png'],
      ['crack', 1, 'bottle/ground_truth/crack/001_mask.png'],
      ['scratch', 2, 'bottle/ground_truth/scratch/000_mask.png'],
    ]);
  });

  const relative = (path: string) => path.slice(join(root, 'bottle').length + 1);

  it('loads RGB images and binary masks pixel for pixel; good images get zero masks', async () => {
    const written: WrittenMvtecClass = await writeMvtecClass(root, 'bottle', bottle);
    const { index, train, test } = await loadMvtecClass(root, 'bottle');
    expect(train.shape).toEqual([4, 5, 3]);
    index.train.forEach((s, i) => expect(Array.from(train.images.subarray(i * 60, (i + 1) * 60))).toEqual(Array.from(written.images.get(relative(s.imagePath)) ?? [])));
    expect(Array.from(test.labels)).toEqual([0, 0, 1, 1, 2]);
    index.test.forEach((s, i) => {
      expect(Array.from(test.images.subarray(i * 60, (i + 1) * 60))).toEqual(Array.from(written.images.get(relative(s.imagePath)) ?? []));
      const expected = s.maskPath === null ? new Array(20).fill(0) : Array.from(written.masks.get(relative(s.maskPath)) ?? [], (v) => (v > 0 ? 1 : 0));
      expect(Array.from(test.masks.subarray(i * 20, (i + 1) * 20))).toEqual(expected);
    });
  });

  it('keeps a greyscale class 1-channel', async () => {
    const written = await writeMvtecClass(root, 'grid', { ...bottle, channels: 1, defects: { bent: 1 } });
    const cls = await indexMvtecClass(root, 'grid');
    expect(cls.channels).toBe(1);
    const item = await readMvtecSample(cls, cls.test[2]);
    expect(item.shape).toEqual([4, 5, 1]);
    expect(Array.from(item.image)).toEqual(Array.from(written.images.get('test/bent/000.png') ?? []));
  });

  it('streams samples in order, resized when asked, with progress', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    const cls = await indexMvtecClass(root, 'bottle');
    const progress: LoadProgress[] = [];
    const seen = [];
    for await (const item of iterateMvtec(cls, 'test', { size: [8, 10], onProgress: (p) => progress.push(p) })) {
      expect(item.shape).toEqual([8, 10, 3]);
      expect(item.mask.length).toBe(80);
      expect(item.mask.every((v) => v === 0 || v === 1)).toBe(true);
      seen.push(item.sample);
    }
    expect(seen).toEqual(cls.test);
    expect(progress.at(-1)).toEqual({ done: 5, total: 5, stage: 'test' });
  });

  it('names a missing class folder', async () => {
    await expectDatasetError(indexMvtecClass(root, 'cable'), join(root, 'cable'), /missing folder/);
  });

  it('rejects an empty class', async () => {
    await writeMvtecClass(root, 'bottle', { ...bottle, train: 0 });
    mkdirSync(join(root, 'bottle/train/good'), { recursive: true });
    writeFileSync(join(root, 'bottle/train/good/notes.txt'), 'not an image');
    await expectDatasetError(indexMvtecClass(root, 'bottle'), join(root, 'bottle/train/good'), /empty class: no training images/);
  });

  it('rejects an image without a mask', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    rmSync(join(root, 'bottle/ground_truth/crack/001_mask.png'));
    await expectDatasetError(indexMvtecClass(root, 'bottle'), join(root, 'bottle/test/crack/001.png'), /image without mask: expected .*001_mask.png/);
  });

  it('rejects a mask without an image', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    rmSync(join(root, 'bottle/test/scratch/000.png'));
    writeFileSync(join(root, 'bottle/test/scratch/.keep'), '');
    await writePng(join(root, 'bottle/test/scratch/005.png'), new Uint8Array(60), 4, 5, 3);
    await writePng(join(root, 'bottle/ground_truth/scratch/005_mask.png'), new Uint8Array(20), 4, 5, 1);
    await expectDatasetError(indexMvtecClass(root, 'bottle'), join(root, 'bottle/ground_truth/scratch/000_mask.png'), /mask without image/);
  });

  it('rejects a stray file in a mask folder', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    await writePng(join(root, 'bottle/ground_truth/crack/000.png'), new Uint8Array(20), 4, 5, 1);
    await expectDatasetError(indexMvtecClass(root, 'bottle'), join(root, 'bottle/ground_truth/crack/000.png'), /not named <image>_mask.png/);
  });

  it('follows symbolic links to class sub-folders', async () => {
    await writeMvtecClass(join(root, 'real'), 'bottle', bottle);
    mkdirSync(join(root, 'linked/bottle'), { recursive: true });
    for (const sub of ['train', 'test', 'ground_truth']) symlinkSync(join(root, 'real/bottle', sub), join(root, 'linked/bottle', sub));
    const cls = await indexMvtecClass(join(root, 'linked'), 'bottle');
    expect(cls.train.length).toBe(3);
    expect(cls.test.length).toBe(5);
  });

  it('rejects an unreadable PNG', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    writeFileSync(join(root, 'bottle/train/good/001.png'), 'not a png');
    await expectDatasetError(loadMvtecClass(root, 'bottle'), join(root, 'bottle/train/good/001.png'), /unreadable image/);
  });

  it('rejects an image with the wrong channel count', async () => {
    await writeMvtecClass(root, 'screw', { ...bottle, channels: 1 });
    await writePng(join(root, 'screw/test/good/001.png'), new Uint8Array(60), 4, 5, 3);
    await expectDatasetError(loadMvtecClass(root, 'screw'), join(root, 'screw/test/good/001.png'), /image has 3 channel\(s\) but class screw is greyscale/);
  });

  it('rejects an image of the wrong size, and a mask of the wrong size', async () => {
    await writeMvtecClass(root, 'bottle', bottle);
    await writePng(join(root, 'bottle/train/good/002.png'), new Uint8Array(4 * 4 * 3), 4, 4, 3);
    await expectDatasetError(loadMvtecClass(root, 'bottle'), join(root, 'bottle/train/good/002.png'), /image is 4x4x3, expected 4x5x3/);
    const cls = await indexMvtecClass(root, 'bottle');
    await writePng(join(root, 'bottle/ground_truth/crack/000_mask.png'), new Uint8Array(6), 2, 3, 1);
    await expectDatasetError(readMvtecSample(cls, cls.test[2]), join(root, 'bottle/ground_truth/crack/000_mask.png'), /mask is 2x3x1, expected 4x5x1/);
    // also when both are resized: the stored sizes must agree
    await expectDatasetError(readMvtecSample(cls, cls.test[2], { size: [8, 8] }), join(root, 'bottle/ground_truth/crack/000_mask.png'), /mask is 2x3x1, expected 4x5x1/);
  });

  it('converts channels when asked', async () => {
    await writeMvtecClass(root, 'mine', { ...bottle, channels: 1 });
    expect((await indexMvtecClass(root, 'mine')).channels).toBe(1);
    const { train } = await loadMvtecClass(root, 'mine', { channels: 3 });
    expect(train.shape).toEqual([4, 5, 3]);
  });
});
