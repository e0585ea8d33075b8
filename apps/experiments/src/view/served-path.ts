/**
 * Maps a request path onto a file inside one folder, refusing anything that could leave it: `..` or `.`
 * segments (also percent-encoded), backslashes, NUL bytes, undecodable escapes, and symlinks whose target
 * lies outside the folder. The caller answers 404 to `undefined`.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** True when `path` is `root` itself or lies below it (both already resolved). */
function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real path of the file `urlPath` names inside `root` (a raw, still percent-encoded path relative to
 * `root`, without query), or `undefined` when it is unsafe, missing or not a plain file.
 */
export async function resolveServedFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, ...segments));
    if (!isInside(realRoot, real)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** The Content-Type header for a file name; binary data (`.bin`, `.f32`, `.u8`, ...) is `application/octet-stream`. */
export function contentType(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? CONTENT_TYPES[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
