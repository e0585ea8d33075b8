import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** A CLI process started in the background, with its output so far and its exit. */
export interface RunningCli {
  /** The child process. */
  readonly child: ChildProcess;
  /** Standard output and error so far, interleaved. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process ends. */
  readonly exited: Promise<number | string | null>;
}

/**
 * Starts the experiments CLI in the background from the workspace root, as one process (`node --import tsx
 * apps/experiments/src/main.ts ...args`): the `tsx` command runs the script in a child process, which a
 * SIGKILL sent to `tsx` would leave running.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/experiments/src/main.ts'), ...args], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env } });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string | null>((done) => child.on('exit', (code, signal) => done(code ?? signal)));
  return { child, output: () => text, exited };
}
