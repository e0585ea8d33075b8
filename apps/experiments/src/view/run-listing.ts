/** The list of files in a run folder that the viewer page discovers class folders with. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every plain file below `root` (relative, `/`-separated, sorted); symlinks and other entries are left out. */
export async function listRunFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.isFile()) files.push(`${prefix}${e.name}`);
    }
  }
  await walk(root, '');
  return files.sort();
}
