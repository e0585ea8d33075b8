import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function versionOf(packageJson: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Versions recorded in results.json: node, tfjs and the workspace libraries (read from package.json files). */
export function versions(root = process.cwd()): Record<string, string> {
  const out: Record<string, string> = { node: process.version };
  const sources: Record<string, string> = {
    '@tensorflow/tfjs': join(root, 'node_modules/@tensorflow/tfjs/package.json'),
    'faiss-node': join(root, 'node_modules/faiss-node/package.json'),
    sharp: join(root, 'node_modules/sharp/package.json'),
  };
  for (const lib of ['datasets', 'models', 'nln-core', 'metrics', 'mvtec-patching']) sources[`@nln/${lib}`] = join(root, 'packages', lib, 'package.json');
  for (const [name, file] of Object.entries(sources)) {
    const v = versionOf(file);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
