import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The workspace root (where `npx tsx apps/experiments/src/main.ts` runs). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** Result of one CLI run. */
export interface CliResult {
  /** Exit status. */
  readonly code: number | null;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/**
 * Runs the experiments CLI as a child process (`tsx apps/experiments/src/main.ts ...args`) from the
 * workspace root, with the pure-wasm backend forced only when the caller sets `NLN_BACKEND`.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  return runTsx('apps/experiments/src/main.ts', args, env);
}

/** Runs a TypeScript file of the workspace (`file` relative to its root) with tsx, from the workspace root. */
export function runTsx(file: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  const tsx = join(WORKSPACE_ROOT, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [join(WORKSPACE_ROOT, file), ...args], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Both output streams, for assertion messages. */
export function output(result: CliResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
