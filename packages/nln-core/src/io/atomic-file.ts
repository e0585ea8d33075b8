import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A temporary name beside `file`, unique to this process and call. */
export function temporaryPathFor(file: string): string {
  const unique = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${unique}.tmp`);
}

/**
 * Writes `data` to `file` atomically: the bytes go to a temporary file in the same folder, which is
 * then renamed over `file`, so a reader never sees a half-written file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(file);
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Runs `write(temporaryPath)` and renames the result over `file`, for writers that only take a path
 * (such as faiss's index writer).
 */
export async function writeWithAtomicRename(file: string, write: (temporaryPath: string) => void | Promise<void>): Promise<void> {
  const temporary = temporaryPathFor(file);
  try {
    await write(temporary);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
