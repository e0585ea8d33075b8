/**
 * The `view` server: the built viewer app at `/`, the run folder read-only under `/run/`, and the run's
 * file list at `/run-files.json`. It listens on 127.0.0.1 only and answers 404 to anything else,
 * including paths that would leave either folder.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listRunFiles } from './run-listing';
import { contentType, resolveServedFile } from './served-path';

/** The only address the viewer listens on. */
export const VIEW_HOST = '127.0.0.1';
/** URL prefix of the run folder's files. */
export const RUN_PREFIX = '/run/';
/** URL of the run folder's file list (JSON: `{ files: string[] }`). */
export const RUN_FILES_URL = '/run-files.json';

/** What {@link startViewServer} serves. */
export interface ViewServerOptions {
  /** The results folder shown. */
  readonly run: string;
  /** The built viewer app (index.html and assets). */
  readonly appDir: string;
  /** Port on {@link VIEW_HOST}; 0 picks a free one. */
  readonly port: number;
}

/** A running view server. */
export interface ViewServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string | undefined, cache: string): Promise<void> {
  if (file === undefined) return notFound(res);
  res.writeHead(200, { 'Content-Type': contentType(file), 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

async function handle(options: ViewServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const rawPath = (req.url ?? '/').split('?')[0];
  if (rawPath === RUN_FILES_URL) {
    const body = JSON.stringify({ files: await listRunFiles(options.run) });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (rawPath.startsWith(RUN_PREFIX)) {
    return sendFile(req, res, await resolveServedFile(options.run, rawPath.slice(RUN_PREFIX.length)), 'no-store');
  }
  const appPath = rawPath === '/' ? 'index.html' : rawPath.slice(1);
  return sendFile(req, res, await resolveServedFile(options.appDir, appPath), 'no-cache');
}

/** Starts serving; resolves once listening. */
export function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${options.port} on ${VIEW_HOST} is in use; pass another with --port` : error.message)),
    );
    server.listen(options.port, VIEW_HOST, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${VIEW_HOST}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
