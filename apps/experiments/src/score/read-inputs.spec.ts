import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { greyFromEqualChannels, readInputFile, readInputs } from './read-inputs';

describe('score inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-inputs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts greyscale stored as RGB, rejects colour', () => {
    expect(Array.from(greyFromEqualChannels(Uint8Array.of(1, 1, 1, 9, 9, 9)) ?? [])).toEqual([1, 9]);
    expect(greyFromEqualChannels(Uint8Array.of(1, 2, 1))).toBeUndefined();
  });

  it('reads an IDX image file of the model size, one image per record', async () => {
    const file = join(dir, 'images-idx3-ubyte');
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]);
    writeFileSync(file, Buffer.concat([header, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]));
    const images = await readInputFile(file, [2, 2, 1]);
    expect(images.map((i) => [i.name, Array.from(i.pixels)])).toEqual([[`${file}#0`, [1, 2, 3, 4]], [`${file}#1`, [5, 6, 7, 8]]]);
    await expect(readInputFile(file, [28, 28, 1])).rejects.toThrow(`${file}: IDX images are 2x2x1, the model takes 28x28x1`);
  });

  it('skips unreadable files and keeps the rest', async () => {
    const bad = join(dir, 'bad.dat');
    writeFileSync(bad, 'hello');
    const good = join(dir, 'one-idx3-ubyte');
    writeFileSync(good, Buffer.concat([Buffer.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), Buffer.from([42])]));
    const { images, skipped } = await readInputs([bad, good], [1, 1, 1]);
    expect(images).toHaveLength(1);
    expect(skipped).toEqual([{ name: bad, reason: `${bad}: not a PNG/JPEG image, an IDX image file or a CIFAR-10 batch` }]);
  });
});
