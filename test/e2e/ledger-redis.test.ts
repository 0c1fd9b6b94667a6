import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { withTimeout } from '../../libs/metrics/index.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { REDIS_URL, TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, requestsFor } from './rejected-support.js';

/** Short enough for a test: after Redis loses everything, work resumes within interval + grace. */
const RECONCILE = { RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '500ms' };
const BOUND_MS = 200 + 500;
/** Longer than the graces of a stop put together (the kernel's are 15 s at most each): past it, a stop hangs. */
const STOP_DEADLINE_MS = 60_000;

describe('the ledger when Redis forgets: every document still ends delivered or stored', () => {
  const environment = new TestEnvironment();
  const services: TestService[] = [];
  let receiver: Receiver;
  /** Documents about "refused" users are refused until this is set. */
  let acceptingRefused = false;

  before(async () => {
    receiver = await Receiver.start();
    // Documents about "flaky" users are refused on their first attempt only.
    receiver.answer((request) => {
      const user: string = request.json?.user_id ?? '';
      if (user.startsWith('refused')) return { status: acceptingRefused ? 200 : 500 };
      return { status: user.startsWith('flaky') && request.headers['x-delivery-attempt'] === '1' ? 500 : 200 };
    });
  });

  after(async () => {
    for (const service of services) await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  async function start(overrides: Record<string, string>): Promise<TestService> {
    const service = await TestService.start(environment, { ...RECONCILE, RETRY_SCHEDULE: '1500ms,3s', ...overrides });
    services.push(service);
    return service;
  }

  async function submit(service: TestService, clientId: string, userId: string): Promise<string> {
    const response = await service.request('POST', '/v1/documents', {
      body: { clientId, environment: 'production', kind: 'event', type: 'sleep', userId, data: { minutes: 400 } },
      headers: OPERATOR,
    });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    return response.body.id;
  }

  it('delivers documents waiting for their first attempt and for a delayed retry after Redis was wiped, each with its stable webhook-id', async () => {
    // A worker makes the first attempts of the flaky documents: their retries wait in Redis as delayed alarms.
    const all = await start({});
    const client = await createClient(all, { production: `${receiver.url}/data` });
    const retrying = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(all, client.id, `flaky-${i}`)));
    await eventually(() => assert.ok(retrying.every((id) => requestsFor(receiver.requests, id).length === 1)));
    services.splice(services.indexOf(all), 1);
    await all.stop();

    // Only an API process now: new documents ring doorbells that nobody answers.
    const api = await start({ ROLE: 'api' });
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(api, client.id, `steady-${i}`)));
    const wiped = await environment.wipeRedis();
    assert.ok(wiped > 0, 'the alarms and wake-ups were in Redis');

    await start({ ROLE: 'worker' });
    const everyone = [...retrying, ...first];
    await eventually(
      async () => {
        for (const id of everyone) assert.equal((await eventOf(api, id)).status, 'Success', id);
      },
      { timeoutMs: 3000 + BOUND_MS + 10_000 },
    );
    for (const id of everyone) {
      const requests = requestsFor(receiver.requests, id);
      assert.ok(requests.every((request) => request.headers['webhook-id'] === id && request.json.id === id));
    }
    for (const id of retrying) assert.deepEqual(requestsFor(receiver.requests, id).map((r) => r.headers['x-delivery-attempt']), ['1', '2']);
    for (const id of first) assert.equal(requestsFor(receiver.requests, id).length, 1, 'delivered once');
  });

  it('runs a bulk resend whose doorbell Redis forgot, once a worker is there', async () => {
    for (const service of services.splice(0)) await service.stop();
    const all = await start({ RETRY_SCHEDULE: '100ms' });
    const client = await createClient(all, { production: `${receiver.url}/data` });
    const rejected = await Promise.all(Array.from({ length: 3 }, (_, i) => submit(all, client.id, `refused-${i}`)));
    await eventually(async () => {
      for (const id of rejected) assert.equal((await eventOf(all, id)).status, 'Failed', id);
    });
    services.splice(services.indexOf(all), 1);
    await all.stop();

    const api = await start({ ROLE: 'api' });
    acceptingRefused = true;
    const resend = await api.request('POST', '/v1/rejected/resend', { body: { environment: 'production' }, headers: client.headers });
    assert.equal(resend.status, 202, JSON.stringify(resend.body));
    assert.equal(resend.body.total, 3);
    assert.ok((await environment.wipeRedis()) > 0, 'the bulk resend rang its doorbell in Redis');

    await start({ ROLE: 'worker' });
    await eventually(
      async () => {
        const progress = await api.request('GET', `/v1/rejected/resend/${resend.body.jobId}`, { headers: client.headers });
        assert.deepEqual([progress.body.state, progress.body.delivered, progress.body.failed], ['completed', 3, 0]);
      },
      { timeoutMs: BOUND_MS + 15_000 },
    );
    for (const id of rejected) assert.equal((await eventOf(api, id)).status, 'Success', id);
  });

  it('takes documents while Redis is down, says so on /health/ready, and delivers them once Redis is back', async () => {
    // The processes of the test before, on a Redis that stays up, would deliver what waits here past RECONCILE_GRACE.
    for (const service of services.splice(0)) await service.stop();
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port) });
    try {
      const service = await start({ REDIS_URL: proxy.url(REDIS_URL).replace(/\/$/, '') });
      const client = await createClient(service, { production: `${receiver.url}/data` });
      proxy.down();
      await eventually(async () => {
        const ready = await service.request('GET', '/health/ready');
        assert.equal(ready.status, 503);
        assert.equal(ready.body.error?.redis?.status ?? ready.body.details?.redis?.status, 'down');
      });
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await submit(service, client.id, `offline-${randomUUID()}`));
      for (const id of ids) assert.equal((await eventOf(service, id)).status, 'Pending');

      proxy.up();
      await eventually(async () => assert.equal((await service.request('GET', '/health/ready')).status, 200), { timeoutMs: 15_000 });
      await eventually(
        async () => {
          for (const id of ids) assert.equal((await eventOf(service, id)).status, 'Success', id);
        },
        { timeoutMs: 20_000 },
      );
    } finally {
      await proxy.close();
    }
  });

  it('stops cleanly when Redis goes away right after the start: no unhandled error, no hang, and what it took is delivered later', async () => {
    for (const service of services.splice(0)) await service.stop();
    const unhandled: unknown[] = [];
    const collect = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', collect);
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port) });
    try {
      const service = await start({ REDIS_URL: proxy.url(REDIS_URL).replace(/\/$/, '') });
      // Gone before its queues have settled in (Bull names its blocking connection as a queue starts taking jobs).
      await proxy.close();
      const client = await createClient(service, { production: `${receiver.url}/data` });
      const id = await submit(service, client.id, `away-${randomUUID()}`);
      services.splice(services.indexOf(service), 1);
      // Past the deadline, a stop that waits for a Redis that is gone hangs.
      await withTimeout(service.stop(), STOP_DEADLINE_MS);
      assert.deepEqual(unhandled.map(String), []);

      const next = await start({});
      await eventually(async () => assert.equal((await eventOf(next, id)).status, 'Success'), { timeoutMs: 15_000 });
    } finally {
      process.off('unhandledRejection', collect);
      await proxy.close();
    }
  });
});

