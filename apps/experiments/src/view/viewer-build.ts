/** Finds the built viewer app (`dist/apps/viewer`), building it with Vite when it is missing. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const WORKSPACE = resolve(__dirname, '../../../..');

/** Where `nx run viewer:build` writes the app. */
export const VIEWER_DIST = join(WORKSPACE, 'dist', 'apps', 'viewer');

/** The command that builds the viewer, for messages. */
export const VIEWER_BUILD_COMMAND = 'npx nx run viewer:build';

/**
 * The folder of the built viewer app. Builds it (vite build, about half a minute) when its `index.html`
 * is missing; throws naming the build command when that fails.
 */
export function ensureViewerBuilt(log: (line: string) => void, dist = VIEWER_DIST): string {
  const index = join(dist, 'index.html');
  if (existsSync(index)) return dist;
  log(`viewer: ${index} is missing; building it (${VIEWER_BUILD_COMMAND})`);
  const vite = join(WORKSPACE, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(WORKSPACE, 'apps', 'viewer', 'vite.config.mts')], {
    cwd: WORKSPACE,
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(index)) {
    const detail = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${index}: the viewer app is not built and building it failed; run ${VIEWER_BUILD_COMMAND} and look at its errors${detail ? `\n${detail}` : ''}`);
  }
  return dist;
}
