import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { WebgpuProbe } from '../dawn';

/**
 * Runs {@link probeWebgpu} in a child process and waits for it, so that a spec can decide while jest
 * collects tests (synchronously) whether its webgpu tests run or are skipped.
 */
export function probeWebgpuSync(): WebgpuProbe {
  const dawnModule = join(__dirname, '..', 'dawn.ts');
  const script = `require(${JSON.stringify(dawnModule)}).probeWebgpu().then((p) => process.stdout.write(JSON.stringify(p)))`;
  try {
    const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return JSON.parse(output) as WebgpuProbe;
  } catch (error) {
    return { available: false, reason: `the adapter probe failed: ${(error as Error).message}` };
  }
}
