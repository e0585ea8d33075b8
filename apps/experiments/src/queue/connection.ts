/**
 * Where the job queue lives: a `redis://[user:password@]host:port[/db]` URL (or `rediss://` for TLS),
 * checked once at start so an unreachable server is one clear error instead of endless reconnects.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** How long the start-up check waits for Redis before giving up. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** The name of the BullMQ queue holding the experiment grid's jobs. */
export const QUEUE_NAME = 'nln-grid';

/** The queue URL without its password, for messages. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Checks that `url` is a Redis URL (`redis:` or `rediss:` with a host); throws naming it otherwise. */
export function checkQueueUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue: '${url}' is not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`--queue: '${displayUrl(url)}' is not a redis:// or rediss:// URL`);
  if (parsed.hostname === '') throw new Error(`--queue: '${displayUrl(url)}' names no host`);
}

/**
 * Connection options for BullMQ's queue and worker: the URL, with no per-command retry limit (BullMQ's
 * workers block on Redis and need it), and a connect timeout.
 */
export function queueConnection(url: string): RedisOptions {
  return { url, maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS };
}

/**
 * Connects to the Redis at `url` once and pings it, giving up after `timeoutMs` with an error naming the
 * URL; no reconnect attempts. Call it before starting BullMQ, whose connections retry forever.
 */
export async function checkRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  checkQueueUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | undefined;
  client.on('error', (error: Error) => {
    cause ??= error;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (error) {
    const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`cannot reach the job queue's Redis at ${displayUrl(url)}: ${reason}`);
  } finally {
    clearTimeout(timer);
    if (client.status !== 'end') client.disconnect();
  }
}
