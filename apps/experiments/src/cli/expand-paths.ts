import { readdir, stat } from 'node:fs/promises';
import { join, matchesGlob, sep } from 'node:path';

/** True when a path holds glob characters (`*`, `?`, `[`, `{`). */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

async function walk(dir: string, out: string[], depth: number): Promise<void> {
  if (depth < 0) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = join(dir, e.name);
    out.push(full);
    if (e.isDirectory()) await walk(full, out, depth - 1);
  }
}

/**
 * Expands a glob (Node's `path.matchesGlob` syntax: `*`, `**`, `?`, `{a,b}`) to the sorted matching paths,
 * walking from the pattern's fixed leading folders. A plain path is returned as is if it exists. Throws when
 * nothing matches, naming the pattern.
 */
export async function expandPaths(pattern: string, maxDepth = 12): Promise<string[]> {
  if (!isGlob(pattern)) {
    await stat(pattern).catch(() => {
      throw new Error(`${pattern}: no such file or folder`);
    });
    return [pattern];
  }
  const parts = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  const base = fixed.length === 0 ? '.' : fixed.join(sep) || sep;
  const candidates: string[] = [];
  await walk(base, candidates, maxDepth).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${pattern}: cannot list ${base} (${error.code ?? error.message})`);
  });
  const normalised = fixed.length === 0 ? pattern.replace(/^\.\//, '') : pattern;
  const matches = candidates.filter((c) => matchesGlob(c, normalised));
  if (matches.length === 0) throw new Error(`${pattern}: nothing matches`);
  return matches.sort();
}
