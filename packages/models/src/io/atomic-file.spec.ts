import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic, writeWithAtomicRename } from './atomic-file';

describe('atomic file writing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nln-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes text and bytes, creating the folder, and replaces an existing file', async () => {
    const file = join(dir, 'a', 'b', 'x.bin');
    await writeFileAtomic(file, Uint8Array.from([1, 2, 3]));
    expect([...(await readFile(file))]).toEqual([1, 2, 3]);
    await writeFileAtomic(file, 'héllo');
    expect(await readFile(file, 'utf8')).toBe('héllo');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['x.bin']);
  });

  it('writes JSON pretty-printed with a final newline', async () => {
    const file = join(dir, 'x.json');
    await writeJsonAtomic(file, { a: [1] });
    expect(await readFile(file, 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });

  it('leaves the old file and no temporary file when the rename fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'kept');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['taken']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('kept');
  });

  it('removes the temporary file when a path writer fails, and keeps the old file', async () => {
    const file = join(dir, 'index');
    await writeFile(file, 'old');
    await expect(
      writeWithAtomicRename(file, async (temporary) => {
        await writeFile(temporary, 'half');
        throw new Error('writer failed');
      }),
    ).rejects.toThrow('writer failed');
    expect(await readdir(dir)).toEqual(['index']);
    expect(await readFile(file, 'utf8')).toBe('old');
  });

  it('renames what a path writer wrote over the target', async () => {
    const file = join(dir, 'index');
    await writeWithAtomicRename(file, (temporary) => writeFile(temporary, 'whole'));
    expect(await readFile(file, 'utf8')).toBe('whole');
    expect(await readdir(dir)).toEqual(['index']);
  });
});
