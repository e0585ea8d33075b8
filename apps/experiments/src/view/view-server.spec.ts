import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startViewServer, type ViewServer } from './view-server';

/** GET with the path sent exactly as written (fetch would normalise `..` away). */
function get(url: string, path: string): Promise<{ status: number; body: string; type: string | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('view server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-view-'));
  const run = join(dir, 'run');
  const app = join(dir, 'app');
  let server: ViewServer;

  beforeAll(async () => {
    mkdirSync(join(run, 'miso-mnist', 'ae', 'L32', 'class-0'), { recursive: true });
    mkdirSync(app, { recursive: true });
    writeFileSync(join(run, 'run.json'), '{"ok":true}');
    writeFileSync(join(run, 'miso-mnist', 'ae', 'L32', 'class-0', 'class.json'), '{}');
    writeFileSync(join(app, 'index.html'), '<html>viewer</html>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(run, 'escape.txt'));
    symlinkSync(dir, join(run, 'parent-link'));
    symlinkSync(join(run, 'run.json'), join(run, 'inside-link.json'));
    server = await startViewServer({ run, appDir: app, port: 0 });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and serves the app and the run folder', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await get(server.url, '/')).body).toContain('viewer');
    const file = await get(server.url, '/run/run.json');
    expect(file).toMatchObject({ status: 200, body: '{"ok":true}', type: 'application/json; charset=utf-8' });
    expect((await get(server.url, '/run/miso-mnist/ae/L32/class-0/class.json')).status).toBe(200);
    expect((await get(server.url, '/run/inside-link.json')).status).toBe(200);
  });

  it('lists the run folder files without following symlinks', async () => {
    const { files } = JSON.parse((await get(server.url, '/run-files.json')).body) as { files: string[] };
    expect(files).toEqual(['miso-mnist/ae/L32/class-0/class.json', 'run.json']);
  });

  it.each([
    '/run/../secret.txt',
    '/run/%2e%2e/secret.txt',
    '/run/%2E%2E%2Fsecret.txt',
    '/run/miso-mnist/..%2f..%2fsecret.txt',
    '/run/..%5csecret.txt',
    '/run/escape.txt',
    '/run/parent-link/secret.txt',
    '/run/%00run.json',
    '/run/%zz',
    '/run/miso-mnist',
    '/run/missing.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e/run/run.json',
    '/secret.txt',
  ])('answers 404 to %s', async (path) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });
});
