import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { ServiceProcess } from '../support/service-process.js';
import { createClient, eventOf, requestsFor, submitDocument, waitUntilStored, type CreatedClient } from './rejected-support.js';

/** What receivers say is respected: 410 Gone, Retry-After, and the limits a client sets on its hook. */
describe('delivery that respects receivers', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(environment, { RETRY_SCHEDULE: '300ms,600ms', MAX_RETRY_AFTER: '3s', RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '1s' });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  /** A client whose production data hook is `path` on the receiver. */
  async function clientAt(path: string, notifications?: string): Promise<CreatedClient> {
    const created = await service.request('POST', '/v1/clients', {
      body: { name: path, environments: { production: { dataWebhookUrl: `${receiver.url}${path}`, ...(notifications ? { notificationWebhookUrl: `${receiver.url}${notifications}` } : {}) } } },
      headers: OPERATOR,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { ...created.body, headers: { authorization: `Bearer ${created.body.apiKey}` } };
  }

  const dataHook = (client: CreatedClient) => client.hooks.find((hook) => hook.kind === 'data')!;
  const hookOf = async (client: CreatedClient, kind = 'data') =>
    (await service.request('GET', '/webhooks/v1/registrations', { headers: client.headers })).body.find((hook: { kind: string }) => hook.kind === kind);
  const onPath = (path: string) => receiver.requests.filter((request) => request.path === path);

  it('suspends a hook that answers 410 Gone at its first attempt, stores the document at once and says so', async () => {
    receiver.answer((request) => (request.path === '/gone' ? { status: 410 } : { status: 200 }));
    const client = await clientAt('/gone', '/gone-notify');
    const documentId = await submitDocument(service, client.id, 'production');
    const stored = await waitUntilStored(service, documentId);
    assert.deepEqual(stored.attempts.map((attempt: { responseStatus: number }) => attempt.responseStatus), [410], 'one attempt, no retry');
    await eventually(async () => assert.equal((await hookOf(client)).status, 'Suspended'));
    await eventually(() => {
      const told = onPath('/gone-notify').map((request) => request.json.type);
      assert.ok(told.includes('registration.suspended') && told.includes('rejected_information.stored'), told.join(', '));
    });
    // Later documents go straight to the bucket, as for any suspended hook.
    const later = await submitDocument(service, client.id, 'production');
    assert.deepEqual((await waitUntilStored(service, later)).attempts, []);
    assert.equal(requestsFor(receiver.requests, later).length, 0);
  });

  it('suspends a notification hook that answers 410, records its notifications skipped, and restarts it', async () => {
    receiver.answer((request) => (request.path === '/gone-notifications' ? { status: 410 } : { status: 200 }));
    const client = await clientAt('/accepting', '/gone-notifications');
    const domainEvent = () => service.request('POST', '/v1/domain-events', { body: { clientId: client.id, environment: 'production', type: 'user.created', userId: 'u' }, headers: OPERATOR });
    await domainEvent();
    await eventually(async () => assert.equal((await hookOf(client, 'notification')).status, 'Suspended'));
    assert.equal(onPath('/gone-notifications').length, 1, 'one notification, not retried');

    receiver.answer({ status: 200 });
    const notificationHook = await hookOf(client, 'notification');
    const restarted = await service.request('POST', `/webhooks/v1/registrations/${notificationHook.id}/restart`, { headers: client.headers });
    assert.equal(restarted.body.status, 'Restarting');
    await domainEvent();
    await eventually(async () => assert.equal((await hookOf(client, 'notification')).status, 'Active'));
  });

  it('pauses a hook that answers 429 with Retry-After, charges no waiting document an attempt, then resumes', async () => {
    let answered429At = 0;
    receiver.answer((request) => {
      if (request.path !== '/busy') return { status: 200 };
      if (answered429At === 0) {
        answered429At = Date.now();
        return { status: 429, headers: { 'retry-after': '2' } };
      }
      return { status: 200 };
    });
    const client = await clientAt('/busy');
    const first = await submitDocument(service, client.id, 'production');
    // The receiver answered; the service records the pause once that answer reaches it.
    await eventually(async () => {
      const paused = await hookOf(client);
      assert.ok(answered429At > 0 && paused.pausedUntil && Date.parse(paused.pausedUntil) >= answered429At + 1500, `paused until ${paused.pausedUntil}`);
    });
    const waiting = [await submitDocument(service, client.id, 'production'), await submitDocument(service, client.id, 'production')];
    await eventually(async () => {
      for (const id of [first, ...waiting]) assert.equal((await eventOf(service, id)).status, 'Success');
    });
    const after429 = onPath('/busy').slice(1);
    assert.ok(after429.every((request) => request.receivedAt >= answered429At + 2000), 'nothing reached the hook during the pause');
    for (const id of waiting) assert.deepEqual(requestsFor(receiver.requests, id).map((request) => request.headers['x-delivery-attempt']), ['1']);
    assert.equal((await hookOf(client)).pausedUntil, null, 'the pause is over');
  });

  it('takes Retry-After as an HTTP date, and caps a huge one at MAX_RETRY_AFTER', async () => {
    receiver.answer((request) => {
      if (request.path === '/dated') return { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } };
      if (request.path === '/forever') return { status: 429, headers: { 'retry-after': '86400' } };
      return { status: 200 };
    });
    const dated = await clientAt('/dated');
    const forever = await clientAt('/forever');
    const asked = Date.now();
    await submitDocument(service, dated.id, 'production');
    await submitDocument(service, forever.id, 'production');
    const [datedHook, foreverHook] = await eventually(async () => {
      const hooks = [await hookOf(dated), await hookOf(forever)];
      assert.ok(hooks.every((hook) => hook.pausedUntil));
      return hooks;
    });
    assert.ok(Date.parse(datedHook.pausedUntil) >= asked + 1000 && Date.parse(datedHook.pausedUntil) <= asked + 3000, datedHook.pausedUntil);
    assert.ok(Date.parse(foreverHook.pausedUntil) <= Date.now() + 3000, `capped at 3 s: ${foreverHook.pausedUntil}`);
  });

  it('never sends more than maxInFlight requests at once to a hook', async () => {
    receiver.answer((request) => (request.path === '/narrow' ? { status: 200, delayMs: 200 } : { status: 200 }));
    const client = await clientAt('/narrow');
    const patched = await service.request('PATCH', `/webhooks/v1/registrations/${dataHook(client).id}`, { body: { maxInFlight: 2 }, headers: client.headers });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.maxInFlight, 2);
    const ids = await Promise.all(Array.from({ length: 12 }, () => submitDocument(service, client.id, 'production')));
    await eventually(async () => {
      for (const id of ids) assert.equal((await eventOf(service, id)).status, 'Success');
    });
    assert.ok(receiver.maxInFlightOn('/narrow') <= 2, `${receiver.maxInFlightOn('/narrow')} at once`);
    assert.equal(receiver.maxInFlightOn('/narrow'), 2, 'it used what it was allowed');
  });

  it('refuses limits that make no sense, and a hook of another client', async () => {
    const client = await clientAt('/limits');
    const other = await clientAt('/limits-other');
    const hookId = dataHook(client).id;
    for (const body of [{ maxInFlight: 0 }, { rateLimit: -1 }, { rateLimit: 1.5 }, { ordering: 'random' }, { url: 'https://elsewhere.example' }]) {
      const refused = await service.request('PATCH', `/webhooks/v1/registrations/${hookId}`, { body, headers: client.headers });
      assert.equal(refused.status, 400, JSON.stringify(body));
    }
    assert.equal((await service.request('PATCH', `/webhooks/v1/registrations/${hookId}`, { body: { rateLimit: 5 }, headers: other.headers })).status, 404);
    const unchanged = await hookOf(client);
    assert.deepEqual([unchanged.rateLimit, unchanged.maxInFlight, unchanged.ordering], [null, 32, 'none']);
  });
});

describe('hook limits across processes, and per-user ordering', () => {
  const environment = new TestEnvironment();
  const services: TestService[] = [];
  const workers: ServiceProcess[] = [];
  let receiver: Receiver;

  before(async () => {
    receiver = await Receiver.start();
    // The failing user's retry comes 5 s after its first attempt: time enough for the others to finish first.
    const settings = { RETRY_SCHEDULE: '5s', RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '1s' };
    // An API process here, two worker processes of their own, as a deployment past one machine runs them.
    services.push(await TestService.start(environment, { ...settings, ROLE: 'api' }));
    workers.push(...(await Promise.all([ServiceProcess.start(environment, settings), ServiceProcess.start(environment, settings)])));
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    for (const service of services) await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  it('keeps to rateLimit with two worker processes running', async () => {
    const [service] = services;
    const client = await createClient(service, { production: `${receiver.url}/rated` });
    const hookId = client.hooks[0].id;
    const patched = await service.request('PATCH', `/webhooks/v1/registrations/${hookId}`, { body: { rateLimit: 5 }, headers: OPERATOR });
    assert.equal(patched.body.rateLimit, 5);
    // One batch: this process (which also times the receiver's requests) is idle while they arrive.
    const documents = Array.from({ length: 25 }, (_, n) => ({ clientId: client.id, environment: 'production', kind: 'event', type: 'step', userId: `u${n}`, data: { n } }));
    const ids: string[] = (await service.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR })).body.ids;
    await eventually(() => assert.equal(receiver.requests.filter((request) => request.path === '/rated').length, ids.length), { timeoutMs: 20_000 });
    const times = receiver.requests.filter((request) => request.path === '/rated').map((request) => request.receivedAt);
    for (const start of times) {
      const inWindow = times.filter((time) => time >= start && time < start + 3000).length;
      assert.ok(inWindow <= 5 * 3 + 1, `${inWindow} requests in the 3 s after ${start}: gaps ${times.map((t, i) => t - (times[i - 1] ?? t)).join(",")}`);
    }
  });

  it('delivers the documents of each user in ingest order; a failing user holds back only its own', async () => {
    const [service] = services;
    const client = await createClient(service, { production: `${receiver.url}/ordered` });
    await service.request('PATCH', `/webhooks/v1/registrations/${client.hooks[0].id}`, { body: { ordering: 'user' }, headers: OPERATOR });
    const users = ['steady-a', 'steady-b', 'flaky'];
    const documents = Array.from({ length: 30 }, (_, n) => users.map((userId) => ({ clientId: client.id, environment: 'production', kind: 'event', type: 'step', userId, data: { n } }))).flat();
    receiver.answer((request) => (request.path === '/ordered' && request.json.user_id === 'flaky' && request.json.data.n === 0 && request.headers['x-delivery-attempt'] === '1' ? { status: 500 } : { status: 200 }));
    const batch = await service.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR });
    assert.equal(batch.status, 202);
    await eventually(
      async () => {
        const [{ pending }] = await service.app.get(DataSource).query(`SELECT count(*)::int AS pending FROM documents WHERE id = ANY($1) AND status <> 'Success'`, [batch.body.ids]);
        assert.equal(pending, 0);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const accepted = receiver.requests.filter((request) => request.path === '/ordered' && !(request.json.user_id === 'flaky' && request.json.data.n === 0 && request.headers['x-delivery-attempt'] === '1'));
    for (const userId of users) {
      assert.deepEqual(
        accepted.filter((request) => request.json.user_id === userId).map((request) => request.json.data.n),
        Array.from({ length: 30 }, (_, n) => n),
        `${userId} in ingest order`,
      );
    }
    const flakyRetry = accepted.find((request) => request.json.user_id === 'flaky')!.receivedAt;
    const steadyDone = Math.max(...accepted.filter((request) => request.json.user_id !== 'flaky').map((request) => request.receivedAt));
    assert.ok(steadyDone < flakyRetry, 'the other users were not held back by the failing one');
  });
});
