import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BlockedTargetError, createGuardedLookup, guardedLookup, isForbiddenAddress } from './ssrf-guard.js';
import { WebhookSender } from './webhook-sender.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('isForbiddenAddress', () => {
  const forbidden = [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '::7f00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '2001::1',
    'not-an-ip',
    '',
  ];
  for (const ip of forbidden) {
    it(`refuses ${JSON.stringify(ip)}`, () => assert.equal(isForbiddenAddress(ip), true));
  }

  for (const ip of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) {
    it(`allows public ${ip}`, () => assert.equal(isForbiddenAddress(ip), false));
  }
});

type LookupOutcome = { err: NodeJS.ErrnoException | null; address: unknown; family: number | undefined };

function runLookup(addresses: LookupAddress[], all: boolean): Promise<LookupOutcome> {
  const lookup = createGuardedLookup((_hostname, _options, callback) => callback(null, addresses));
  return new Promise((resolve) =>
    lookup('receiver.test', { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('createGuardedLookup', () => {
  it('passes vetted public addresses through for all:true', async () => {
    const addresses = [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ];
    const outcome = await runLookup(addresses, true);
    assert.equal(outcome.err, null);
    assert.deepEqual(outcome.address, addresses);
  });

  it('returns the first vetted address for all:false', async () => {
    const outcome = await runLookup([{ address: '93.184.216.34', family: 4 }], false);
    assert.equal(outcome.err, null);
    assert.equal(outcome.address, '93.184.216.34');
    assert.equal(outcome.family, 4);
  });

  it('blocks the host when any resolved address is forbidden', async () => {
    const outcome = await runLookup(
      [
        { address: '93.184.216.34', family: 4 },
        { address: '10.1.2.3', family: 4 },
      ],
      true,
    );
    assert.ok(outcome.err instanceof BlockedTargetError);
    assert.equal(outcome.err.code, 'EBLOCKEDTARGET');
    assert.equal(outcome.err.address, '10.1.2.3');
  });

  it('blocks localhost with the real resolver', async () => {
    const err = await new Promise<unknown>((resolve) =>
      guardedLookup('localhost', { all: true }, (lookupErr) => resolve(lookupErr)),
    );
    assert.ok(err instanceof BlockedTargetError);
  });
});

describe('WebhookSender with private targets refused', () => {
  const servers: Server[] = [];
  let v4Port: number;
  let v6Port: number;
  let connections = 0;
  const sender = new WebhookSender({ timeoutMs: 2_000, allowPrivateTargets: false });

  before(async () => {
    v4Port = await listenCounting('127.0.0.1');
    // Without IPv6 the [::1] target could not connect anyway; the port then only labels the URL.
    v6Port = await listenCounting('::1').catch(() => v4Port);
  });

  after(async () => {
    await sender.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function listenCounting(host: string): Promise<number> {
    const server = createServer((_req, res) => res.end('should never be reached'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  const targets: Record<string, () => string> = {
    'http://127.0.0.1': () => `http://127.0.0.1:${v4Port}/hook`,
    'http://[::1]': () => `http://[::1]:${v6Port}/hook`,
    'http://[::ffff:127.0.0.1]': () => `http://[::ffff:127.0.0.1]:${v4Port}/hook`,
    'http://localhost': () => `http://localhost:${v4Port}/hook`,
    'https://localhost': () => `https://localhost:${v4Port}/hook`,
  };
  for (const [label, target] of Object.entries(targets)) {
    it(`refuses ${label} without connecting`, async () => {
      const result = await sender.send({ url: target(), secrets: [SECRET], messageId: 'msg_1', body: '{}' });
      assert.equal(result.status, null);
      assert.equal(result.error, 'blocked_target');
      assert.equal(result.responseBody, null);
      assert.ok(result.errorMessage !== null && !result.errorMessage.includes(SECRET));
      assert.equal(connections, 0);
    });
  }
});
