import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { REDIS_URL, TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, requestsFor, submitDocument, waitUntilStored, type CreatedClient } from './rejected-support.js';

/** What a driver says about an outage: addresses, ports, socket errors, library names. Never for a caller. */
const DEPENDENCY_TEXT = /ECONN|EPIPE|terminated|socket|\d+\.\d+\.\d+\.\d+|:\d{4,5}\b|postgres|pg_|QueryFailed|ioredis|redis|stream isn't writeable|s3rver|timeout exceeded/i;

/** A 503 as a caller sees it: a generic message, the request id in the header and the body, nothing of the dependency. */
function assertGenericOutage(response: { status: number; body: any; headers: Headers }, what: string): void {
  assert.equal(response.status, 503, `${what}: ${JSON.stringify(response.body)}`);
  const requestId = response.headers.get('x-request-id');
  assert.ok(requestId, `${what}: x-request-id header`);
  assert.equal(response.body.requestId, requestId, `${what}: the body names the same request id`);
  assert.doesNotMatch(JSON.stringify(response.body), DEPENDENCY_TEXT, `${what}: no dependency text`);
}

describe('a dependency outage answers 503 with a generic message; /metrics still answers', () => {
  const environment = new TestEnvironment();
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    postgres = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
    redis = await TcpProxy.start({ host: '127.0.0.1', port: 6379 });
    receiver = await Receiver.start();
    service = await TestService.start(environment, {
      DATABASE_URL: postgres.url(environment.databaseUrl),
      REDIS_URL: redis.url(REDIS_URL),
      RETRY_SCHEDULE: '100ms,200ms',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    });
    client = await createClient(service, { sandbox: `${receiver.url}/ok`, production: `${receiver.url}/refuse` });
    receiver.answer((request) => ({ status: request.path === '/ok' ? 200 : 500 }));
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await postgres.close();
    await redis.close();
    await environment.destroy();
  });

  async function documentsStored(): Promise<number> {
    const db = new pg.Client({ connectionString: environment.databaseUrl });
    await db.connect();
    try {
      return (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM documents')).rows[0].count;
    } finally {
      await db.end();
    }
  }

  const document = () => ({ clientId: client.id, environment: 'sandbox', kind: 'event', type: 'sleep_event', userId: 'user-1', data: { minutes: 412 } });

  it('while PostgreSQL is stopped: ingest, domain events and lookups answer 503 without its words; /metrics answers 200', async () => {
    const before = await documentsStored();
    postgres.down();
    try {
      assertGenericOutage(await service.request('POST', '/v1/documents', { body: document(), headers: OPERATOR }), 'ingest');
      assertGenericOutage(await service.request('POST', '/v1/documents/batch', { body: { documents: [document()] }, headers: OPERATOR }), 'batch ingest');
      const event = { clientId: client.id, environment: 'sandbox', type: 'user.created', userId: 'user-1' };
      assertGenericOutage(await service.request('POST', '/v1/domain-events', { body: event, headers: OPERATOR }), 'domain event');
      assertGenericOutage(await service.request('GET', `/v1/clients/${client.id}`, { headers: OPERATOR }), 'client lookup');
      assertGenericOutage(await service.request('GET', '/webhooks/v1/events', { headers: client.headers }), 'a client key checked against the database');

      const started = Date.now();
      const metrics = await service.request('GET', '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.body, /^process_cpu_user_seconds_total/m);
      assert.ok(Date.now() - started < 3000, `the scrape took ${Date.now() - started} ms`);

      const ready = await service.request('GET', '/health/ready');
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body.error.postgresql, { status: 'down', message: 'postgresql did not answer' }, 'named, without its own words');
    } finally {
      await postgres.up();
    }
    assert.equal(await documentsStored(), before, 'nothing was stored while it answered 503');
    await eventually(async () => assert.equal((await service.request('POST', '/v1/documents', { body: document(), headers: OPERATOR })).status, 202));
  });

  it('while Redis is stopped: a bulk resend is accepted as a row and runs once Redis is back, ingest goes on, /metrics answers 200', async () => {
    const stored = await submitDocument(service, client.id, 'production');
    await waitUntilStored(service, stored);
    redis.down();
    let accepted = '';
    let jobId = '';
    try {
      const started = Date.now();
      const resend = await service.request('POST', '/v1/rejected/resend', { body: { environment: 'production' }, headers: client.headers });
      assert.equal(resend.status, 202, JSON.stringify(resend.body));
      assert.equal(resend.body.total, 1);
      jobId = resend.body.jobId;
      assert.ok(Date.now() - started < 3000, 'answered at once, not when Redis is back');

      const metrics = await service.request('GET', '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.body, /^process_cpu_user_seconds_total/m);

      const ready = await service.request('GET', '/health/ready');
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body.error.redis, { status: 'down', message: 'redis did not answer' }, 'named, without its own words');

      // Ingest needs PostgreSQL only: the document and its event wait there (the outbox) for Redis.
      const ingested = await service.request('POST', '/v1/documents', { body: document(), headers: OPERATOR });
      assert.equal(ingested.status, 202);
      accepted = ingested.body.id;
      receiver.answer(() => ({ status: 200 }));
    } finally {
      await redis.up();
    }
    await eventually(() => assert.equal(requestsFor(receiver.requests, accepted).length, 1), { timeoutMs: 20_000 });
    await eventually(
      async () => {
        const progress = await service.request('GET', `/v1/rejected/resend/${jobId}`, { headers: client.headers });
        assert.deepEqual([progress.body.state, progress.body.delivered, progress.body.failed], ['completed', 1, 0]);
      },
      { timeoutMs: 20_000 },
    );
    assert.equal((await eventOf(service, stored)).status, 'Success', 'the stored document was resent and accepted');
  });
});
