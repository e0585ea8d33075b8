/**
 * Reading binary files of a known size in pieces, so that files past `fs.readFile`'s 2 GiB limit (an MVTec
 * scorer's neighbour cache) load, straight into the array that keeps them.
 */
import { promises as fs } from 'node:fs';

/** Bytes read per call by default. */
export const READ_CHUNK_BYTES = 1 << 28;

/**
 * Reads the whole of `file`, which must hold exactly `target.byteLength` bytes, into `target`. Errors name
 * the file: unreadable, or of another size (truncated, or written for other data).
 */
export async function readFileInto(file: string, target: Uint8Array, chunkBytes: number = READ_CHUNK_BYTES): Promise<void> {
  if (!(Number.isInteger(chunkBytes) && chunkBytes > 0)) throw new Error(`readFileInto: chunkBytes must be a positive integer, got ${chunkBytes}`);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size !== target.byteLength) {
      throw new Error(`${file}: wrong size, ${size} bytes where ${target.byteLength} were expected; the file is truncated or belongs to other data`);
    }
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(target, offset, Math.min(chunkBytes, size - offset), offset);
      if (bytesRead === 0) throw new Error(`${file}: ended after ${offset} of ${size} bytes while reading`);
      offset += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
