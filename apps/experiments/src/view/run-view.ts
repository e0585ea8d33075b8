/** `view`: serve a results folder and the viewer app on 127.0.0.1 until interrupted. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ViewOptions } from '../cli/commands/view';
import { ensureViewerBuilt } from './viewer-build';
import { startViewServer, type ViewServer } from './view-server';

/** Checks the folder, builds the viewer when missing and starts serving; prints the URL. */
export async function startView(options: ViewOptions, log: (line: string) => void = (l) => console.log(l)): Promise<ViewServer> {
  const run = resolve(options.run);
  const info = await stat(run).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) throw new Error(`${run}: no such results folder`);
  const appDir = ensureViewerBuilt(log);
  const server = await startViewServer({ run, appDir, port: options.port });
  log(`viewer: ${server.url} serving ${run} (read-only; Ctrl-C to stop)`);
  return server;
}

/** `view` until SIGINT or SIGTERM; returns the exit code. */
export async function runView(options: ViewOptions): Promise<number> {
  const server = await startView(options);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}
