import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { sampleValue } from '../support/metrics-text.js';
import { Receiver, type ReceivedRequest, type Reply } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { ServiceProcess } from '../support/service-process.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, type CreatedClient } from './rejected-support.js';

/** Leases of one second, renewed every third of it; retries short, so a refused document settles in the bucket quickly. */
const SETTINGS = { LEASE_DURATION: '1s', RETRY_SCHEDULE: '100ms', RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '1s', DELIVERY_TIMEOUT: '3s' };

/**
 * A client whose own database lost a day replays it: every document delivered in that span arrives again, once, in
 * creation order, as an attempt with trigger `replay`, also when the worker doing it dies halfway.
 */
describe('replay since a date', () => {
  const environment = new TestEnvironment();
  let api: TestService;
  const workers: ServiceProcess[] = [];
  let receiver: Receiver;
  const replies = new Map<string, (request: ReceivedRequest) => Reply>();

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => (request.json?.data?.refuse ? { status: 500 } : (replies.get(request.path)?.(request) ?? { status: 200 })));
    api = await TestService.start(environment, { ...SETTINGS, ROLE: 'api' });
    workers.push(await ServiceProcess.start(environment, SETTINGS));
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    await api.stop();
    await receiver.close();
    await environment.destroy();
  });

  async function clientAt(path: string, limits: { maxInFlight?: number } = {}): Promise<CreatedClient> {
    const client = await createClient(api, { production: `${receiver.url}${path}` });
    if (Object.keys(limits).length > 0) {
      const patched = await api.request('PATCH', `/webhooks/v1/registrations/${client.hooks[0].id}`, { body: limits, headers: client.headers });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
    }
    return client;
  }

  /** Documents handed over in one batch, in this order, each waited for until it settled (delivered, or in the bucket). */
  async function delivered(client: CreatedClient, data: Record<string, unknown>[]): Promise<{ id: string; createdAt: string; status: string }[]> {
    const documents = data.map((datum, n) => ({ clientId: client.id, environment: 'production', kind: 'event', type: 'step', userId: `u${n}`, data: datum }));
    const accepted = await api.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const views = [];
    for (const id of accepted.body.ids as string[]) {
      views.push(await eventually(async () => {
        const view = await eventOf(api, id, client.headers);
        assert.ok(view.status === 'Success' || (view.status === 'Failed' && view.rejected), `${id} is ${view.status}`);
        return view;
      }, { timeoutMs: 20_000 }));
    }
    return views;
  }

  async function replay(client: CreatedClient, body: Record<string, unknown>) {
    const started = await api.request('POST', '/v1/replays', { body: { environment: 'production', ...body }, headers: client.headers });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return started.body as { jobId: string; total: number };
  }

  async function finished(client: CreatedClient, jobId: string) {
    return eventually(async () => {
      const progress = await api.request('GET', `/v1/replays/${jobId}`, { headers: client.headers });
      assert.equal(progress.body.state, 'completed', JSON.stringify(progress.body));
      return progress.body;
    }, { timeoutMs: 60_000 });
  }

  /** The requests each document got since `since`. */
  const sentSince = (ids: readonly string[], since: number) =>
    ids.map((id) => receiver.requests.filter((request) => request.headers['webhook-id'] === id && request.receivedAt >= since).length);

  it('delivers each delivered document of [from, to) again once, in creation order, and nothing outside it', async () => {
    const client = await clientAt('/range', { maxInFlight: 1 });
    const before = await delivered(client, [{ n: 'a1' }, { n: 'a2' }]);
    const inside = await delivered(client, [{ n: 'b1' }, { n: 'b2' }, { refuse: true }, { n: 'b3' }, { n: 'b4' }]);
    const later = await delivered(client, [{ n: 'c1' }]);
    const replayed = inside.filter((view) => view.status === 'Success').map((view) => view.id);
    assert.equal(replayed.length, 4, 'the refused one waits in the bucket: it was never delivered');

    const since = Date.now();
    const job = await replay(client, { from: inside[0].createdAt, to: later[0].createdAt });
    assert.equal(job.total, 4);
    assert.deepEqual(await finished(client, job.jobId), { jobId: job.jobId, state: 'completed', total: 4, delivered: 4, failed: 0, skipped: 0 });

    assert.deepEqual(sentSince(replayed, since), [1, 1, 1, 1], 'each delivered document of the range, once');
    const outside = [...before, ...later, inside[2]].map((view) => view.id);
    assert.deepEqual(sentSince(outside, since), outside.map(() => 0), 'nothing outside the range, nothing never delivered');
    const order = receiver.requests.filter((request) => request.path === '/range' && request.receivedAt >= since).map((request) => request.headers['webhook-id']);
    assert.deepEqual(order, replayed, 'in creation order');
    for (const id of replayed) {
      const view = await eventOf(api, id, client.headers);
      assert.deepEqual(view.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'replay']);
      assert.equal(view.status, 'Success');
    }
    const metrics = await (await fetch(`${workers[0].url}/metrics`)).text();
    assert.ok((sampleValue(metrics, 'delivery_attempts_total', { trigger: 'replay', outcome: 'accepted' }) ?? 0) >= 4, 'the metrics count replays by their trigger');
  });

  it("hands a paused hook's documents back to their job until the pause ends, holding no slot another client's replay needs", async () => {
    const paused = await clientAt('/paused');
    const other = await clientAt('/other');
    const pausedDocuments = await delivered(paused, Array.from({ length: 12 }, (_, n) => ({ n })));
    const otherDocuments = await delivered(other, Array.from({ length: 12 }, (_, n) => ({ n })));
    let askedToWaitAt = 0;
    replies.set('/paused', (request) => {
      if (askedToWaitAt > 0) return { status: 200 };
      askedToWaitAt = request.receivedAt;
      return { status: 429, headers: { 'retry-after': '10' } };
    });

    const since = Date.now();
    const pausedJob = await replay(paused, { from: pausedDocuments[0].createdAt });
    await eventually(() => assert.ok(askedToWaitAt > 0, 'the first replayed document was answered 429, Retry-After 10 s'));
    const otherJob = await replay(other, { from: otherDocuments[0].createdAt });
    assert.deepEqual(await finished(other, otherJob.jobId), { jobId: otherJob.jobId, state: 'completed', total: 12, delivered: 12, failed: 0, skipped: 0 });
    const otherIds = otherDocuments.map((view) => view.id);
    assert.deepEqual(sentSince(otherIds, since), otherIds.map(() => 1));
    const lastOther = receiver.requests.filter((request) => request.path === '/other' && request.receivedAt >= since).reduce((last, request) => Math.max(last, request.receivedAt), 0);
    assert.ok(lastOther < askedToWaitAt + 10_000, `the other client's replay ended ${lastOther - askedToWaitAt} ms after the pause began: it must not wait for another client's pause`);

    // The paused client's replay goes on once its pause ends: the refused one counted failed, every other one sent once.
    assert.deepEqual(await finished(paused, pausedJob.jobId), { jobId: pausedJob.jobId, state: 'completed', total: 12, delivered: 11, failed: 1, skipped: 0 });
    const pausedIds = pausedDocuments.map((view) => view.id);
    assert.deepEqual(sentSince(pausedIds, since), pausedIds.map(() => 1));
  });

  it('carries on in another worker when its worker dies mid-job, sending each document once per attempt', async () => {
    const client = await clientAt('/takeover', { maxInFlight: 1 });
    const ids = (await delivered(client, Array.from({ length: 10 }, (_, n) => ({ n })))).map((view) => view.id);
    replies.set('/takeover', () => ({ status: 200, delayMs: 300 }));
    const since = Date.now();
    const job = await replay(client, { from: new Date(since - 3_600_000).toISOString() });
    assert.equal(job.total, 10);
    await eventually(() => assert.ok(sentSince(ids, since).reduce((sum, n) => sum + n, 0) >= 3, 'the replay is under way'));
    const [dying] = workers.splice(0, 1);
    dying.kill('SIGKILL');
    const killedAt = Date.now();
    workers.push(await ServiceProcess.start(environment, SETTINGS));

    const done = await finished(client, job.jobId);
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed, skipped: done.skipped }, { total: 10, delivered: 10, failed: 0, skipped: 0 });
    const sent = sentSince(ids, since);
    assert.ok(sent.every((count) => count >= 1), `every document arrived: ${sent.join(',')}`);
    // The one request in flight when its worker died got no answer recorded: the next worker sends it again, as its next attempt.
    const twice = ids.filter((_, n) => sent[n] > 1);
    assert.ok(twice.length <= 1 && sent.every((count) => count <= 2), `none twice while its worker lived: ${sent.join(',')}`);
    for (const id of twice) {
      const [, again] = receiver.requests.filter((request) => request.headers['webhook-id'] === id && request.receivedAt >= since);
      assert.ok(again.receivedAt > killedAt, 'sent again only after the worker died');
    }
  });

  it("is a 404 for another client, refuses bad input with a 400 and stores nothing", async () => {
    const owner = await clientAt('/owner');
    const other = await clientAt('/other');
    await delivered(owner, [{ n: 1 }]);
    const job = await replay(owner, { from: new Date(Date.now() - 3_600_000).toISOString() });
    await finished(owner, job.jobId);
    assert.equal((await api.request('GET', `/v1/replays/${job.jobId}`, { headers: other.headers })).status, 404, "another client's job");
    assert.equal((await api.request('GET', `/v1/replays/${randomUUID()}`, { headers: owner.headers })).status, 404);
    assert.equal((await api.request('GET', '/v1/replays/not-a-uuid', { headers: owner.headers })).status, 400);
    const asOperator = await api.request('GET', `/v1/replays/${job.jobId}`, { headers: OPERATOR });
    assert.equal(asOperator.body.total, 1, 'an operator sees every job');

    const jobs = async () => Number((await api.app.get(DataSource).query(`SELECT count(*) AS n FROM bulk_jobs WHERE kind = 'replay'`))[0].n);
    const stored = await jobs();
    const refused: [Record<string, string>, Record<string, unknown>, number, RegExp][] = [
      [owner.headers, { environment: 'production', from: '2026-03-02', to: '2026-03-01' }, 400, /from must come before to/],
      [owner.headers, { environment: 'production', from: '2026-03-01', to: '2026-03-01' }, 400, /from must come before to/],
      [owner.headers, { environment: 'production', from: new Date(Date.now() + 3_600_000).toISOString() }, 400, /from must come before to/],
      [owner.headers, { environment: 'production' }, 400, /from must be a date/],
      [owner.headers, { environment: 'production', from: 'yesterday' }, 400, /from must be a date/],
      [owner.headers, { environment: 'production', from: '2026-02-30' }, 400, /from must be a date/],
      [owner.headers, { environment: 'production', from: '2026-03-01', to: '2026-03-02T25:00:00Z' }, 400, /to must be a date/],
      [owner.headers, { environment: 'staging', from: '2026-03-01' }, 400, /environment must be one of/],
      [owner.headers, { from: '2026-03-01' }, 400, /environment must be one of/],
      [owner.headers, { environment: 'production', from: '2026-03-01', since: '2026-03-01' }, 400, /property since should not exist/],
      [owner.headers, { environment: 'sandbox', from: '2026-03-01' }, 422, /has no data webhook in sandbox/],
      [owner.headers, { environment: 'production', from: '2026-03-01', clientId: other.id }, 404, /not found/],
      [OPERATOR, { environment: 'production', from: '2026-03-01' }, 400, /operators name the client/],
      [OPERATOR, { environment: 'production', from: '2026-03-01', clientId: 'nope' }, 400, /clientId must be a UUID/],
    ];
    for (const [headers, body, status, message] of refused) {
      const response = await api.request('POST', '/v1/replays', { body, headers });
      assert.equal(response.status, status, `${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
      assert.match([response.body.message].flat().join('; '), message);
    }
    assert.equal(await jobs(), stored, 'no job was stored');

    const named = await api.request('POST', '/v1/replays', { body: { environment: 'production', from: '2026-03-01', clientId: owner.id }, headers: OPERATOR });
    assert.equal(named.status, 202, 'an operator names the client');
  });
});

describe('replay of documents whose body is no longer kept', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(environment, { DELIVERED_RETENTION: '1s', SWEEP_INTERVAL: '200ms' });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  it('counts them as skipped and sends nothing', async () => {
    const client = await createClient(service, { production: receiver.url });
    const documents = [1, 2, 3].map((n) => ({ clientId: client.id, environment: 'production', kind: 'event', type: 'step', userId: `u${n}`, data: { n } }));
    const ids: string[] = (await service.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR })).body.ids;
    for (const id of ids) await eventually(async () => assert.ok((await eventOf(service, id, client.headers)).bodyPurgedAt, 'purged after DELIVERED_RETENTION'), { timeoutMs: 20_000 });

    const requestsBefore = receiver.requests.length;
    const started = await service.request('POST', '/v1/replays', { body: { environment: 'production', from: new Date(Date.now() - 3_600_000).toISOString() }, headers: client.headers });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const done = await eventually(async () => {
      const progress = await service.request('GET', `/v1/replays/${started.body.jobId}`, { headers: client.headers });
      assert.equal(progress.body.state, 'completed', JSON.stringify(progress.body));
      return progress.body;
    });
    assert.deepEqual({ total: done.total, delivered: done.delivered, failed: done.failed, skipped: done.skipped }, { total: 3, delivered: 0, failed: 0, skipped: 3 });
    assert.equal(receiver.requests.length, requestsBefore, 'nothing was sent');
    for (const id of ids) assert.deepEqual((await eventOf(service, id, client.headers)).attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial']);
  });
});
