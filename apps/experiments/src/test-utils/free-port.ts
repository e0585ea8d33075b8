import { createServer } from 'node:net';

/** A loopback TCP port that nothing listens on when this resolves (for a test server, or as a closed port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
