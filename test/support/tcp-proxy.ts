import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of a shared server (PostgreSQL, Redis). A test points the service at
 * the proxy and cuts it to play an outage, without stopping a server that other test files use:
 * `down()` drops every open connection and stops listening, so new ones are refused (ECONNREFUSED) as by
 * a stopped server; `up()` listens on the same port again. (Accepting and then closing is not the same:
 * ioredis, for one, takes such a connection for a ready one.)
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, target, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** The same URL with the proxy's host and port: `postgres://postgres@127.0.0.1:<proxy>/db`. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  down(): void {
    if (this.server.listening) this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async up(): Promise<void> {
    if (this.server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const closed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    this.down();
    await closed;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
