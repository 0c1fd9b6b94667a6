import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { WebhookSender } from './webhook-sender.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const ONE_MIB = 1024 * 1024;

const routes: Record<string, Route> = {
  '/ok': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'),
  '/no-content': (_req, res) => res.writeHead(204).end(),
  '/fail': (_req, res) => res.writeHead(500).end('internal error'),
  '/moved': (_req, res) => res.writeHead(301, { location: '/redirect-target' }).end(),
  '/redirect-target': (_req, res) => res.writeHead(200).end('followed'),
  '/huge': (_req, res) => res.writeHead(200).end(Buffer.alloc(ONE_MIB, 'a')),
  '/slightly-big': (_req, res) => res.writeHead(200).end(Buffer.alloc(20_000, 'b')),
  '/silent': () => undefined,
  '/hang-up': (req) => req.socket.destroy(),
};

describe('WebhookSender against a loopback server', () => {
  const received: Received[] = [];
  let connections = 0;
  let server: Server;
  let baseUrl: string;
  let sender: WebhookSender;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const route = routes[req.url ?? ''] ?? routes['/ok'];
        route?.(req, res);
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sender = new WebhookSender({ timeoutMs: 2_000, allowPrivateTargets: true, userAgent: 'webhook-sender-test' });
  });

  after(async () => {
    await sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function send(path: string, overrides: { headers?: Record<string, string>; body?: string } = {}) {
    return sender.send({
      url: `${baseUrl}${path}`,
      secrets: [SECRET],
      messageId: `msg_${path.slice(1)}`,
      body: overrides.body ?? '{"hello":"world"}',
      headers: overrides.headers,
    });
  }

  function lastReceived(path: string): Received {
    const match = received.filter((entry) => entry.path === path).at(-1);
    assert.ok(match, `nothing received on ${path}`);
    return match;
  }

  it('posts a signed JSON body and returns 200', async () => {
    const body = JSON.stringify({ value: 1, text: 'ünïcode' });
    const result = await send('/ok', { body, headers: { 'X-Delivery-Id': 'd-1', 'x-delivery-attempt': '3' } });

    assert.equal(result.status, 200);
    assert.equal(result.error, null);
    assert.equal(result.errorMessage, null);
    assert.equal(result.responseBody, 'thanks');
    assert.ok(Number.isInteger(result.durationMs) && result.durationMs >= 0);

    const request = lastReceived('/ok');
    assert.equal(request.body, body);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['webhook-id'], 'msg_ok');
    assert.match(String(request.headers['webhook-timestamp']), /^\d+$/);
    assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    assert.equal(request.headers['x-delivery-id'], 'd-1');
    assert.equal(request.headers['x-delivery-attempt'], '3');
    assert.equal(request.headers['user-agent'], 'webhook-sender-test');
    assert.deepEqual(new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>), {
      value: 1,
      text: 'ünïcode',
    });
  });

  it('does not let caller headers replace the signed ones', async () => {
    await send('/ok', { headers: { 'Webhook-Signature': 'v1,forged', 'content-type': 'text/plain' } });
    const request = lastReceived('/ok');
    assert.notEqual(request.headers['webhook-signature'], 'v1,forged');
    assert.equal(request.headers['content-type'], 'application/json');
  });

  it('returns 204 with an empty body', async () => {
    const result = await send('/no-content');
    assert.equal(result.status, 204);
    assert.equal(result.error, null);
    assert.equal(result.responseBody, '');
  });

  it('returns 500 as a status, not an error', async () => {
    const result = await send('/fail');
    assert.equal(result.status, 500);
    assert.equal(result.error, null);
    assert.equal(result.responseBody, 'internal error');
  });

  it('returns a 301 without following it', async () => {
    const result = await send('/moved');
    assert.equal(result.status, 301);
    assert.equal(result.error, null);
    assert.equal(received.filter((entry) => entry.path === '/redirect-target').length, 0);
  });

  it('caps a 1 MiB response body at maxResponseBytes', async () => {
    const result = await send('/huge');
    assert.equal(result.status, 200);
    assert.equal(result.responseBody?.length, 16_384);
  });

  it('reports a reset when the server hangs up', async () => {
    const result = await send('/hang-up');
    assert.equal(result.status, null);
    assert.equal(result.error, 'connection_reset');
  });

  it('reports a TLS error when the target does not speak TLS', async () => {
    const result = await sender.send({
      url: baseUrl.replace('http:', 'https:') + '/ok',
      secrets: [SECRET],
      messageId: 'msg_tls',
      body: '{}',
    });
    assert.equal(result.status, null);
    assert.equal(result.error, 'tls_error');
  });

  it('reuses one keep-alive connection for sequential sends', async () => {
    // A fresh origin (localhost vs 127.0.0.1) gets a fresh pool, isolating the count.
    const url = `${baseUrl.replace('127.0.0.1', 'localhost')}/ok`;
    const before = connections;
    for (const messageId of ['msg_a', 'msg_b']) {
      const result = await sender.send({ url, secrets: [SECRET], messageId, body: '{}' });
      assert.equal(result.status, 200);
    }
    assert.equal(connections - before, 1);
  });

  it('drains a slightly oversized body so its connection stays pooled', async () => {
    const url = `${baseUrl.replace('127.0.0.1', '[::ffff:127.0.0.1]')}/slightly-big`;
    const before = connections;
    for (const messageId of ['msg_c', 'msg_d']) {
      const result = await sender.send({ url, secrets: [SECRET], messageId, body: '{}' });
      assert.equal(result.responseBody?.length, 16_384);
    }
    assert.equal(connections - before, 1);
  });

  it('reports invalid URLs without throwing', async () => {
    for (const url of ['not-a-url', 'ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/x']) {
      const result = await sender.send({ url, secrets: [SECRET], messageId: 'msg_bad', body: '{}' });
      assert.equal(result.status, null);
      assert.equal(result.error, 'invalid_url');
      assert.ok(result.errorMessage !== null && !result.errorMessage.includes('pw'));
    }
  });
});

describe('WebhookSender failures', () => {
  let silentServer: Server;
  let silentUrl: string;
  const sender = new WebhookSender({ timeoutMs: 300, allowPrivateTargets: true });

  before(async () => {
    silentServer = createServer((req, res) => {
      if (req.url === '/stall-body') {
        res.writeHead(200).write('partial');
      }
    });
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silentServer.address() as AddressInfo).port}/`;
  });

  after(async () => {
    await sender.close();
    silentServer.closeAllConnections();
    await new Promise((resolve) => silentServer.close(resolve));
  });

  it('times out when the server never answers', async () => {
    const result = await sender.send({ url: silentUrl, secrets: [SECRET], messageId: 'msg_t', body: '{}' });
    assert.equal(result.status, null);
    assert.equal(result.error, 'timeout');
    assert.match(result.errorMessage ?? '', /within 300 ms/);
  });

  it("stops when the caller's signal aborts mid-exchange, long before its own deadline, and drops its listener after", async () => {
    const patient = new WebhookSender({ timeoutMs: 60_000, allowPrivateTargets: true });
    try {
      const stop = new AbortController();
      const sending = patient.send({ url: silentUrl, secrets: [SECRET], messageId: 'msg_c', body: '{}', signal: stop.signal });
      setImmediate(() => stop.abort());
      const deadline = new Promise<'still sending'>((resolve) => setTimeout(resolve, 10_000, 'still sending').unref());
      const result = await Promise.race([sending, deadline]);
      assert.notEqual(result, 'still sending', 'the exchange went on after the caller stopped it');
      assert.equal(result === 'still sending' ? null : result.error, 'cancelled');
      const done = new AbortController();
      const answered = await patient.send({ url: `${silentUrl}stall-body`, secrets: [SECRET], messageId: 'msg_c2', body: '{}', signal: done.signal });
      assert.equal(answered.status, 200);
      assert.equal(getEventListeners(done.signal, 'abort').length, 0);
    } finally {
      await patient.close().catch(() => undefined);
    }
  });

  it('keeps the status when the body stalls past the deadline', async () => {
    const result = await sender.send({ url: `${silentUrl}stall-body`, secrets: [SECRET], messageId: 'msg_sb', body: '{}' });
    assert.equal(result.status, 200);
    assert.equal(result.error, null);
    assert.equal(result.responseBody, 'partial');
  });

  it('reports a refused connection on a closed port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const result = await sender.send({
      url: `http://127.0.0.1:${port}/`,
      secrets: [SECRET],
      messageId: 'msg_r',
      body: '{}',
    });
    assert.equal(result.status, null);
    assert.equal(result.error, 'connection_refused');
    assert.ok(!result.errorMessage?.includes(SECRET));
  });

  it('throws for an unusable secret, without revealing it', async () => {
    const secret = 'whsec_###';
    await assert.rejects(
      sender.send({ url: silentUrl, secrets: [secret], messageId: 'msg_s', body: '{}' }),
      (err: Error) => err.name === 'InvalidSecretError' && !err.message.includes(secret),
    );
  });
});

describe('WebhookSender options', () => {
  it('rejects nonsensical limits', () => {
    assert.throws(() => new WebhookSender({ timeoutMs: 0, allowPrivateTargets: false }), RangeError);
    assert.throws(
      () => new WebhookSender({ timeoutMs: 1000, allowPrivateTargets: false, connectionsPerOrigin: 0 }),
      RangeError,
    );
    assert.throws(
      () => new WebhookSender({ timeoutMs: 1000, allowPrivateTargets: false, maxResponseBytes: -1 }),
      RangeError,
    );
  });
});
