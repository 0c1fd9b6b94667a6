import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver, type ReceivedRequest, type Reply } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { ServiceProcess } from '../support/service-process.js';
import { createClient, listRejected, type CreatedClient } from './rejected-support.js';

/** Leases of one second, renewed every third of it: every job below runs for several of them. */
const SETTINGS = { LEASE_DURATION: '1s', RETRY_SCHEDULE: '100ms', RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '1s', DELIVERY_TIMEOUT: '3s', MAX_RETRY_AFTER: '5s' };

/**
 * A bulk resend as a client whose receiver was down for a day runs one: longer than any lease, kept to the hook's
 * pause and limits, and carried on by another worker when the one working on it dies. Each document is sent once
 * per attempt whatever happens.
 */
describe('bulk jobs: longer than their lease, within the hook limits, across a worker that dies', () => {
  const environment = new TestEnvironment();
  let api: TestService;
  const workers: ServiceProcess[] = [];
  let receiver: Receiver;
  /** How each path answers; a refusal until a test says otherwise, so documents end in the bucket. */
  const replies = new Map<string, (request: ReceivedRequest) => Reply>();

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => replies.get(request.path)?.(request) ?? { status: 500 });
    api = await TestService.start(environment, { ...SETTINGS, ROLE: 'api' });
    workers.push(await ServiceProcess.start(environment, SETTINGS));
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    await api.stop();
    await receiver.close();
    await environment.destroy();
  });

  /**
   * A client whose production hook at `path` refused `count` documents, now all waiting in the bucket. The hook's
   * limits are set first, so every process knows them before it ever sends to it.
   */
  async function waitingDocuments(path: string, count: number, limits: { maxInFlight?: number; rateLimit?: number }): Promise<{ client: CreatedClient; ids: string[] }> {
    const client = await createClient(api, { production: `${receiver.url}${path}` });
    await limit(client, limits);
    const documents = Array.from({ length: count }, (_, n) => ({ clientId: client.id, environment: 'production', kind: 'event', type: 'step', userId: `u${n}`, data: { n } }));
    const accepted = await api.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    await eventually(async () => assert.equal((await listRejected(api, client.headers, '?limit=100')).items.length, count), { timeoutMs: 30_000 });
    return { client, ids: accepted.body.ids };
  }

  async function limit(client: CreatedClient, limits: { maxInFlight?: number; rateLimit?: number }): Promise<void> {
    const patched = await api.request('PATCH', `/webhooks/v1/registrations/${client.hooks[0].id}`, { body: limits, headers: client.headers });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  }

  async function resendAll(client: CreatedClient): Promise<string> {
    const started = await api.request('POST', '/v1/rejected/resend', { body: { environment: 'production' }, headers: client.headers });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return started.body.jobId;
  }

  async function finished(client: CreatedClient, jobId: string, timeoutMs = 60_000) {
    return eventually(
      async () => {
        const progress = await api.request('GET', `/v1/rejected/resend/${jobId}`, { headers: client.headers });
        assert.equal(progress.body.state, 'completed', JSON.stringify(progress.body));
        return progress.body;
      },
      { timeoutMs },
    );
  }

  /** The resend requests each document got: those sent after the job started. */
  const resendsOf = (ids: readonly string[], since: number) =>
    ids.map((id) => receiver.requests.filter((request) => request.headers['webhook-id'] === id && request.receivedAt >= since).length);

  it('sends each document once when the job runs far longer than its lease, behind a slow receiver', async () => {
    const { client, ids } = await waitingDocuments('/slow', 8, { maxInFlight: 1 });
    replies.set('/slow', () => ({ status: 200, delayMs: 600 }));
    const since = Date.now();
    const jobId = await resendAll(client);
    const done = await finished(client, jobId);
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed }, { total: 8, delivered: 8, failed: 0 });
    assert.deepEqual(resendsOf(ids, since), ids.map(() => 1), 'one request per document');
    assert.equal(receiver.maxInFlightOn('/slow'), 1, 'never more than maxInFlight at once');
    assert.ok(Date.now() - since > 3_000, 'the job outlived its one-second lease several times');
    assert.deepEqual((await listRejected(api, client.headers)).items, []);
  });

  it("keeps to the hook's pause and rateLimit", async () => {
    const { client, ids } = await waitingDocuments('/rated', 12, { rateLimit: 4 });
    let pausedAt = 0;
    replies.set('/rated', () => {
      if (pausedAt > 0) return { status: 200 };
      pausedAt = Date.now();
      return { status: 429, headers: { 'retry-after': '2' } };
    });
    const since = Date.now();
    const done = await finished(client, await resendAll(client));
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed }, { total: 12, delivered: 11, failed: 1 }, 'the one refused with 429 stays waiting');
    const times = receiver.requests.filter((request) => request.path === '/rated' && request.receivedAt >= since).map((request) => request.receivedAt);
    assert.equal(times.length, 12, 'one request per document');
    assert.ok(times.slice(1).every((time) => time >= pausedAt + 2_000), `nothing reached the hook during the pause it asked for: ${times.map((time) => time - pausedAt).join(', ')}`);
    for (const start of times) {
      const inWindow = times.filter((time) => time >= start && time < start + 2_000).length;
      assert.ok(inWindow <= 4 * 2 + 1, `${inWindow} requests in the 2 s after ${start - since} ms`);
    }
    assert.equal((await listRejected(api, client.headers)).items.length, 1);
    assert.deepEqual(resendsOf(ids, since).sort(), ids.map(() => 1));
  });

  it('counts a document delivered meanwhile, by a resend of its own, as delivered', async () => {
    const { client, ids } = await waitingDocuments('/meanwhile', 10, { maxInFlight: 1 });
    replies.set('/meanwhile', () => ({ status: 200, delayMs: 300 }));
    const jobId = await resendAll(client);
    // The job sends one at a time, 300 ms each: the last document is tried seconds after this resend delivered it.
    const last = ids[ids.length - 1];
    const single = await api.request('POST', `/v1/rejected/${last}/resend`, { headers: client.headers });
    assert.equal(single.body.delivered, true, JSON.stringify(single.body));
    const done = await finished(client, jobId);
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed }, { total: 10, delivered: 10, failed: 0 });
  });

  it('carries on in another worker once a worker dies mid-job, sending each document once per attempt', async () => {
    const { client, ids } = await waitingDocuments('/takeover', 10, { maxInFlight: 1 });
    replies.set('/takeover', () => ({ status: 200, delayMs: 300 }));
    const since = Date.now();
    const jobId = await resendAll(client);
    await eventually(() => assert.ok(resendsOf(ids, since).reduce((sum, n) => sum + n, 0) >= 3, 'the job is under way'));
    const [dying] = workers.splice(0, 1);
    dying.kill('SIGKILL');
    const killedAt = Date.now();
    workers.push(await ServiceProcess.start(environment, SETTINGS));

    const done = await finished(client, jobId);
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed }, { total: 10, delivered: 10, failed: 0 });
    const resends = resendsOf(ids, since);
    assert.ok(resends.every((count) => count >= 1), `every document was sent: ${resends.join(',')}`);
    // The one request in flight when the worker died got no answer recorded: the next worker sends it again, its next attempt.
    const twice = ids.filter((_, n) => resends[n] > 1);
    assert.ok(twice.length <= 1 && resends.every((count) => count <= 2), `resent once per attempt: ${resends.join(',')}`);
    for (const id of twice) {
      const [, again] = receiver.requests.filter((request) => request.headers['webhook-id'] === id && request.receivedAt >= since);
      assert.ok(again.receivedAt > killedAt, 'sent again only after the worker died');
    }
    assert.ok(receiver.requests.some((request) => request.path === '/takeover' && request.receivedAt > killedAt), 'the other worker carried on');
  });
});
