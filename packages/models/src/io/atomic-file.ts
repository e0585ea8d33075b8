/**
 * Atomic, durable file writing: the data goes to a temporary file in the target's folder, is flushed to
 * disk (fsync), and is renamed over the target; the folder is flushed too, so after a crash a reader finds
 * the old file or the whole new one, never a part.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Bytes handed to one `write` call (fs writes stop at 2 GiB per call). */
const WRITE_CHUNK_BYTES = 1 << 30;

let sequence = 0;

/** A temporary name beside `file`, unique to this process and call (hidden, ends in `.tmp`). */
export function temporaryPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${sequence++}.tmp`);
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a folder; the rename itself is still atomic there.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Runs `write(temporaryPath)`, flushes what it wrote, and renames it over `file`; for writers that only
 * take a path (faiss's index writer). The temporary file is removed when anything fails. Creates the folder.
 */
export async function writeWithAtomicRename(file: string, write: (temporaryPath: string) => void | Promise<void>): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temporary = temporaryPathFor(file);
  try {
    await write(temporary);
    await syncFile(temporary);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dir);
}

/** Writes `data` (text as UTF-8, or bytes of any size) to `file` atomically and durably. Creates the folder. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  await writeWithAtomicRename(file, async (temporary) => {
    const handle = await fs.open(temporary, 'wx');
    try {
      let offset = 0;
      while (offset < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, offset, Math.min(WRITE_CHUNK_BYTES, bytes.byteLength - offset));
        offset += bytesWritten;
      }
    } finally {
      await handle.close();
    }
  });
}

/** {@link writeFileAtomic} of pretty-printed JSON with a final newline. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
