import { createServer } from 'node:net';

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A port nothing listens on, ever: below the ephemeral range, so no listener a test opens on port 0 (a TCP proxy to
 * the real Redis, say) can take it, as it can take a port from `freePort` once that is released.
 */
export const CLOSED_PORT = 1;
