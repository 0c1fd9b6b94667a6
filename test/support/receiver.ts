import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  receivedAt: number;
}

export type Reply = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | 'hang';

/** A real HTTP receiver on loopback that records what it gets and answers as told. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  /** By path: requests being answered right now, and the most there ever were at once. */
  private readonly inFlight = new Map<string, number>();
  private readonly mostInFlight = new Map<string, number>();
  private reply: (request: ReceivedRequest) => Reply = () => ({ status: 200 });
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const path = req.url ?? '';
      const now = (this.inFlight.get(path) ?? 0) + 1;
      this.inFlight.set(path, now);
      this.mostInFlight.set(path, Math.max(now, this.mostInFlight.get(path) ?? 0));
      res.on('close', () => this.inFlight.set(path, this.inFlight.get(path)! - 1));
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, receivedAt: Date.now() };
        this.requests.push(received);
        const reply = this.reply(received);
        if (reply === 'hang') return;
        const send = () => res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
  }

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** How the receiver answers from now on. */
  answer(reply: Reply | ((request: ReceivedRequest) => Reply)): void {
    this.reply = typeof reply === 'function' ? reply : () => reply;
  }

  /** The most requests to `path` the receiver was answering at once. */
  maxInFlightOn(path: string): number {
    return this.mostInFlight.get(path) ?? 0;
  }

  async waitForRequests(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    return eventually(
      () => {
        if (this.requests.length < count) throw new Error(`received ${this.requests.length} of ${count} requests`);
        return this.requests;
      },
      { timeoutMs },
    );
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
