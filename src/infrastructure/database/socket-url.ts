import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Where PostgreSQL's packages put the server's socket (Debian and Ubuntu, then the upstream default). */
const SOCKET_DIRECTORIES = ['/var/run/postgresql', '/tmp'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The URL to connect with. A server on this machine is cheaper over its Unix socket than over loopback TCP (no TCP
 * stack on either side of every statement). `auto` takes the socket when the URL names loopback, the server's socket
 * file for that port exists, and a connection through it is accepted (local connections may authenticate otherwise,
 * `peer` for one); `off` keeps TCP; a directory is used as given.
 */
export async function connectionUrl(databaseUrl: string, socketDir: string): Promise<string> {
  if (socketDir === 'off') return databaseUrl;
  const url = new URL(databaseUrl);
  if (url.searchParams.has('host')) return databaseUrl;
  if (socketDir !== 'auto') return withSocket(url, socketDir);
  if (!LOOPBACK.has(url.hostname)) return databaseUrl;
  const port = url.port || '5432';
  const directory = SOCKET_DIRECTORIES.find((dir) => existsSync(join(dir, `.s.PGSQL.${port}`)));
  if (!directory) return databaseUrl;
  const candidate = withSocket(url, directory);
  return (await accepts(candidate)) ? candidate : databaseUrl;
}

function withSocket(url: URL, directory: string): string {
  const socketUrl = new URL(url);
  socketUrl.searchParams.set('host', directory);
  return socketUrl.toString();
}

/** Connects to the server's own `postgres` database: the application's may not exist yet. */
async function accepts(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
