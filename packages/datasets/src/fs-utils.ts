import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DatasetError } from './dataset-error';

/** File name endings that the image loaders decode (with sharp). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff'];

/** True when `name` ends in one of {@link IMAGE_EXTENSIONS} (any case) and is not a hidden file. */
export function isImageFileName(name: string): boolean {
  return !name.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Reads a whole file; a missing or unreadable file becomes a {@link DatasetError} naming it. */
export async function readFileChecked(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new DatasetError(file, 'missing file', { cause: error });
    if (code === 'EISDIR') throw new DatasetError(file, 'is a folder, expected a file', { cause: error });
    throw new DatasetError(file, `cannot read file (${code ?? String(error)})`, { cause: error });
  }
}

/** True when `path` exists (file or folder). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw new DatasetError(path, `cannot inspect path (${errorCode(error) ?? String(error)})`, { cause: error });
  }
}

/** Entries of a folder, split into sub-folders and files, each sorted by code point (locale-independent). */
export async function listFolder(dir: string): Promise<{ folders: string[]; files: string[] }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new DatasetError(dir, 'missing folder', { cause: error });
    if (code === 'ENOTDIR') throw new DatasetError(dir, 'is a file, expected a folder', { cause: error });
    throw new DatasetError(dir, `cannot list folder (${code ?? String(error)})`, { cause: error });
  }
  const folders: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = join(dir, entry.name);
      try {
        isDirectory = (await stat(target)).isDirectory();
      } catch (error) {
        throw new DatasetError(target, `broken link (${errorCode(error) ?? String(error)})`, { cause: error });
      }
    }
    if (isDirectory) folders.push(entry.name);
    else files.push(entry.name);
  }
  return { folders: folders.sort(compareNames), files: files.sort(compareNames) };
}

/** Image files directly inside `dir`, as full paths, sorted by name. */
export async function listImageFiles(dir: string): Promise<string[]> {
  const { files } = await listFolder(dir);
  return files.filter(isImageFileName).map((name) => join(dir, name));
}

/** Orders names by UTF-16 code units, the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
