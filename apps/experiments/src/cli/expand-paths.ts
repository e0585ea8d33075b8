import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';

/** True when a path holds glob characters (`*`, `?`, `[`, `{`). */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/**
 * Expands a glob (tinyglobby syntax: `*`, `**`, `?`, `[...]`, `{a,b}`) to the sorted absolute paths of the
 * matching files and folders (relative patterns are taken from the working folder; dot-files only when the
 * pattern names them). A plain path is returned as is if it exists. Throws when nothing matches, naming the
 * pattern.
 */
export async function expandPaths(pattern: string, maxDepth = 12): Promise<string[]> {
  if (!isGlob(pattern)) {
    await stat(pattern).catch(() => {
      throw new Error(`${pattern}: no such file or folder`);
    });
    return [pattern];
  }
  let found: string[];
  try {
    found = await glob(pattern, { absolute: true, onlyFiles: false, expandDirectories: false, deep: maxDepth + 1 });
  } catch (error) {
    throw new Error(`${pattern}: cannot expand (${error instanceof Error ? error.message : String(error)})`);
  }
  // tinyglobby marks folders with a trailing slash; callers want plain paths.
  const matches = [...new Set(found.map((p) => resolve(p)))];
  if (matches.length === 0) throw new Error(`${pattern}: nothing matches`);
  return matches.sort();
}
