import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, RUN_LOCK_FILE } from './run-lock';

describe('acquireRunLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a free folder, refuses a second run while it is held, and frees it on release', async () => {
    const out = join(dir, 'a');
    const release = await acquireRunLock(out, 'miso --out=a');
    expect(JSON.parse(readFileSync(join(out, RUN_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'miso --out=a' });
    await expect(acquireRunLock(out, 'simo --out=a')).rejects.toThrow(new RegExp(`${out} is in use by another run \\(process ${process.pid}, \`miso --out=a\`, started `));
    await release();
    expect(existsSync(join(out, RUN_LOCK_FILE))).toBe(false);
    const again = await acquireRunLock(out, 'simo --out=a');
    await again();
  });

  it('takes over a lock left by a run that died, and a half-written one', async () => {
    const out = join(dir, 'b');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await (await acquireRunLock(out, 'x'))();
    writeFileSync(join(out, RUN_LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), startedAt: 'then', command: 'killed run' }));
    const release = await acquireRunLock(out, 'miso');
    expect(JSON.parse(readFileSync(join(out, RUN_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await release();
    writeFileSync(join(out, RUN_LOCK_FILE), '{"pid":');
    await (await acquireRunLock(out, 'miso'))();
  });

  it('respects a lock held on another machine', async () => {
    const out = join(dir, 'c');
    await (await acquireRunLock(out, 'x'))();
    writeFileSync(join(out, RUN_LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'now', command: 'miso' }));
    await expect(acquireRunLock(out, 'miso')).rejects.toThrow(/process 1 on elsewhere/);
  });
});
