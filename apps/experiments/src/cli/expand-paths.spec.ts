import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expandPaths, isGlob } from './expand-paths';

describe('expandPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-glob-'));
  beforeAll(() => {
    for (const sub of ['part-1', 'part-0', 'other']) mkdirSync(join(dir, sub, 'inner'), { recursive: true });
    writeFileSync(join(dir, 'part-0', 'inner', 'b.png'), '');
    writeFileSync(join(dir, 'part-0', 'inner', 'a.png'), '');
    writeFileSync(join(dir, 'part-1', 'c.txt'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells globs from plain paths', () => {
    expect(isGlob('results/part-*')).toBe(true);
    expect(isGlob('a/{b,c}')).toBe(true);
    expect(isGlob('results/part-1')).toBe(false);
  });

  it('matches folders and files, sorted and absolute', async () => {
    expect(await expandPaths(join(dir, 'part-*'))).toEqual([join(dir, 'part-0'), join(dir, 'part-1')]);
    expect(await expandPaths(join(dir, '**', '*.png'))).toEqual([join(dir, 'part-0', 'inner', 'a.png'), join(dir, 'part-0', 'inner', 'b.png')]);
    expect(await expandPaths(join(dir, '{other,part-1}'))).toEqual([join(dir, 'other'), join(dir, 'part-1')]);
  });

  it('takes relative patterns from the working folder', async () => {
    const pattern = join(relative(process.cwd(), dir), 'part-?', '*.txt');
    expect(await expandPaths(pattern)).toEqual([join(dir, 'part-1', 'c.txt')]);
  });

  it('returns an existing plain path as given and names what does not match', async () => {
    expect(await expandPaths(join(dir, 'other'))).toEqual([join(dir, 'other')]);
    await expect(expandPaths(join(dir, 'missing'))).rejects.toThrow(`${join(dir, 'missing')}: no such file or folder`);
    await expect(expandPaths(join(dir, 'nothing-*'))).rejects.toThrow(`${join(dir, 'nothing-*')}: nothing matches`);
  });
});
