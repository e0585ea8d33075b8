import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file a run holds in its output folder. */
export const RUN_LOCK_FILE = '.nln-run.lock';

/** Who holds an output folder. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/**
 * Takes the output folder `out` for this run, or throws when another live run on this machine holds it
 * (naming its process, command and start). A lock left by a run that died (its process is gone) is taken
 * over; a lock from another machine is respected (its process cannot be checked from here). Returns the
 * release function, which removes the lock.
 */
export async function acquireRunLock(out: string, command: string): Promise<() => Promise<void>> {
  await mkdir(out, { recursive: true });
  const file = join(out, RUN_LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await handle.close();
      }
      return async () => {
        const owner = await readOwner(file);
        if (owner?.pid === me.pid && owner.host === me.host) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(file);
      if (owner !== undefined && (owner.host !== me.host || alive(owner.pid))) {
        const where = owner.host === me.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
        throw new Error(`${out} is in use by another run (${where}, \`${owner.command}\`, started ${owner.startedAt}); wait for it to finish or choose another --out (if that run is gone, delete ${file})`);
      }
      await rm(file, { force: true }); // left by a run that died
    }
  }
  throw new Error(`${file}: could not take the lock (another run took it at the same moment)`);
}
