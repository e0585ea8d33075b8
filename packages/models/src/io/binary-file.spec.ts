import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileInto } from './binary-file';

describe('readFileInto', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nln-binary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file in pieces into the target', async () => {
    const file = join(dir, 'ten.bin');
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => 3 * i + 1);
    await writeFile(file, bytes);
    const target = new Uint8Array(10);
    await readFileInto(file, target, 3);
    expect([...target]).toEqual([...bytes]);
  });

  it('names the file when it is missing or of another size', async () => {
    const file = join(dir, 'short.bin');
    await writeFile(file, Uint8Array.from([1, 2, 3]));
    await expect(readFileInto(file, new Uint8Array(4))).rejects.toThrow(`${file}: wrong size, 3 bytes where 4 were expected`);
    await expect(readFileInto(join(dir, 'absent.bin'), new Uint8Array(1))).rejects.toThrow(`${join(dir, 'absent.bin')}: cannot read`);
    await expect(readFileInto(file, new Uint8Array(3), 0)).rejects.toThrow('chunkBytes must be a positive integer');
  });

  it('reads a file larger than the 2 GiB that fs.readFile stops at', async () => {
    const file = join(dir, 'large.bin');
    const size = 2 ** 31 + 8;
    const handle = await open(file, 'w');
    try {
      await handle.truncate(size);
      await handle.write(Uint8Array.from([7, 8, 9]), 0, 3, size - 3);
    } finally {
      await handle.close();
    }
    await expect(readFile(file)).rejects.toThrow();
    const target = new Uint8Array(size);
    await readFileInto(file, target);
    expect([...target.subarray(size - 4)]).toEqual([0, 7, 8, 9]);
  }, 60_000);
});
