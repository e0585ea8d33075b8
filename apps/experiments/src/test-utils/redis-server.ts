import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRedis } from '../queue/connection';
import { freePort } from './free-port';

/** A throw-away Redis for a test. */
export interface TestRedis {
  /** Its URL, `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Why no test Redis can be started here (`redis-server` not on PATH), or `undefined` when one can. */
export function redisUnavailable(): string | undefined {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return found.error === undefined && found.status === 0 ? undefined : 'redis-server is not installed (apt-get install redis-server; tools/setup.sh does it)';
}

/** Starts `redis-server` on a free loopback port with a temporary folder and no persistence; resolves once it answers. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nln-redis-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => server.on('exit', () => done()));
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    try {
      await checkRedis(url, 1_000);
      return { url, stop };
    } catch (error) {
      if (tries >= 50) {
        await stop();
        throw error;
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }
}
