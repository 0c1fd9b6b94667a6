import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import {
  createClient,
  eventOf,
  listRejected,
  objectExists,
  requestsFor,
  submitDocument,
  waitUntilStored,
  type CreatedClient,
} from './rejected-support.js';

describe('rejected API: list, download, resend, bulk resend, expiry', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let other: CreatedClient;
  /** Documents the receiver accepts; it refuses every other. */
  const accepted = new Set<string>();

  before(async () => {
    service = await TestService.start(environment, {
      RETRY_SCHEDULE: '100ms,200ms,300ms',
      RETENTION_SANDBOX: '2s',
      RETENTION_PRODUCTION: '1h',
      SWEEP_INTERVAL: '500ms',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    });
    receiver = await Receiver.start();
    receiver.answer((request) => (accepted.has(String(request.headers['webhook-id'])) ? { status: 200 } : { status: 503 }));
    client = await createClient(service, { sandbox: `${receiver.url}/sandbox`, production: `${receiver.url}/production` });
    other = await createClient(service, { production: `${receiver.url}/other` });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  /** Documents that went through every attempt and now wait in the production bucket. */
  async function rejectedDocuments(count: number, owner = client, overrides: Record<string, unknown> = {}): Promise<string[]> {
    const ids = await Promise.all(Array.from({ length: count }, () => submitDocument(service, owner.id, 'production', overrides)));
    for (const id of ids) await waitUntilStored(service, id);
    return ids;
  }

  it('lists waiting documents page by page, scoped to the caller', async () => {
    const summaries = await rejectedDocuments(3);
    const [event] = await rejectedDocuments(1, client, { kind: 'event', type: 'workout' });
    const [foreign] = await rejectedDocuments(1, other);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await listRejected(service, client.headers, `?environment=production&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 2);
      pages.push(page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const listed = pages.flat();
    assert.equal(new Set(listed).size, listed.length, 'no document appears twice');
    assert.deepEqual(new Set(listed), new Set([...summaries, event]));
    assert.equal(pages.length, 2);

    const events = await listRejected(service, client.headers, '?kind=event');
    assert.deepEqual(events.items.map((item) => item.id), [event]);
    assert.equal(events.items[0].type, 'workout');
    assert.equal(events.nextCursor, null);

    assert.deepEqual((await listRejected(service, other.headers)).items.map((item) => item.id), [foreign]);
    assert.deepEqual((await listRejected(service, client.headers, '?environment=sandbox')).items, []);
    const forOperator = await listRejected(service, OPERATOR, `?clientId=${other.id}`);
    assert.deepEqual(forOperator.items.map((item) => item.id), [foreign]);

    for (const query of ['?cursor=not-a-cursor', '?limit=0', '?limit=501', '?environment=staging', '?kind=other', '?unknown=1']) {
      const response = await service.request('GET', `/v1/rejected${query}`, { headers: client.headers });
      assert.equal(response.status, 400, `${query}: ${JSON.stringify(response.body)}`);
    }
    assert.equal((await service.request('GET', `/v1/rejected?clientId=${other.id}`, { headers: client.headers })).status, 404);
    assert.equal((await service.request('GET', '/v1/rejected')).status, 401);
  });

  it('downloads a document exactly as it was delivered', async () => {
    const [id] = await rejectedDocuments(1, client, { data: { steps: 77, samples: [{ at: '2026-01-10T08:00:00Z', bpm: 61 }] } });
    const response = await fetch(`${service.url}/v1/rejected/${id}`, { headers: client.headers });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const delivered = requestsFor(receiver.requests, id).at(-1)!;
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), delivered.json);
    assert.equal(text, delivered.body, 'byte for byte');

    assert.equal((await service.request('GET', `/v1/rejected/${id}`, { headers: other.headers })).status, 404);
    assert.equal((await service.request('GET', `/v1/rejected/${randomUUID()}`, { headers: client.headers })).status, 404);
    assert.equal((await service.request('GET', '/v1/rejected/not-a-uuid', { headers: client.headers })).status, 400);
    assert.equal((await service.request('GET', `/v1/rejected/${id}`, { headers: OPERATOR })).status, 200);
  });

  it('resends one document: a refusal leaves it waiting, an acceptance takes it out of the bucket', async () => {
    const [id] = await rejectedDocuments(1);
    const stored = (await eventOf(service, id)).rejected;

    const refused = await service.request('POST', `/v1/rejected/${id}/resend`, { headers: client.headers });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.equal(refused.body.id, id);
    assert.equal(refused.body.delivered, false);
    assert.equal(refused.body.response_status, 503);
    assert.equal(typeof refused.body.delivery_id, 'string');
    assert.equal(typeof refused.body.response_duration_ms, 'number');
    const stillListed = (await listRejected(service, client.headers)).items.find((item) => item.id === id);
    assert.equal(stillListed?.expiresAt, stored.expiresAt, 'the expiry is unchanged');
    assert.ok(await objectExists(service, stored.bucket, stored.key));
    assert.equal((await service.request('POST', `/v1/rejected/${id}/resend`, { headers: other.headers })).status, 404);

    accepted.add(id);
    const delivered = await service.request('POST', `/v1/rejected/${id}/resend`, { headers: client.headers });
    assert.equal(delivered.status, 200);
    assert.equal(delivered.body.delivered, true);
    assert.equal(delivered.body.response_status, 200);
    const last = requestsFor(receiver.requests, id).at(-1)!;
    assert.equal(last.headers['x-delivery-id'], delivered.body.delivery_id);

    assert.equal(await objectExists(service, stored.bucket, stored.key), false);
    assert.ok(!(await listRejected(service, client.headers)).items.some((item) => item.id === id));
    assert.equal((await service.request('GET', `/v1/rejected/${id}`, { headers: client.headers })).status, 404);
    assert.equal((await service.request('POST', `/v1/rejected/${id}/resend`, { headers: client.headers })).status, 404);
    await eventually(async () => assert.equal((await eventOf(service, id)).status, 'Success'));
    const attempts = (await eventOf(service, id)).attempts.map((attempt: { trigger: string }) => attempt.trigger);
    assert.deepEqual(attempts, ['initial', 'retry', 'retry', 'retry', 'resend', 'resend']);
  });

  it('resends many documents in the background and reports progress', async () => {
    const ids = await rejectedDocuments(3, other);
    const [refused] = await rejectedDocuments(1, other);
    for (const id of ids) accepted.add(id);

    const named = await service.request('POST', '/v1/rejected/resend', { body: { environment: 'production', ids: ids.slice(0, 2) }, headers: other.headers });
    assert.equal(named.status, 202, JSON.stringify(named.body));
    assert.equal(named.body.total, 2);
    const progress = await eventually(async () => {
      const response = await service.request('GET', `/v1/rejected/resend/${named.body.jobId}`, { headers: other.headers });
      assert.equal(response.status, 200);
      assert.equal(response.body.state, 'completed');
      return response.body;
    });
    assert.deepEqual(progress, { jobId: named.body.jobId, state: 'completed', total: 2, delivered: 2, failed: 0 });
    const waiting = (await listRejected(service, other.headers)).items.map((item) => item.id);
    assert.ok(!waiting.includes(ids[0]) && !waiting.includes(ids[1]), 'the delivered ones left the bucket');
    assert.ok(waiting.includes(ids[2]) && waiting.includes(refused), 'the others still wait');

    // Every waiting document of the environment: the one the receiver accepts leaves, the refused one stays.
    const all = await service.request('POST', `/v1/rejected/resend?clientId=${other.id}`, { body: { environment: 'production' }, headers: OPERATOR });
    assert.equal(all.status, 202);
    const waitingBefore = all.body.total;
    assert.ok(waitingBefore >= 2);
    const done = await eventually(async () => {
      const response = await service.request('GET', `/v1/rejected/resend/${all.body.jobId}`, { headers: OPERATOR });
      assert.equal(response.body.state, 'completed');
      return response.body;
    });
    assert.equal(done.delivered + done.failed, waitingBefore);
    assert.ok(done.failed >= 1);
    const left = (await listRejected(service, other.headers)).items.map((item) => item.id);
    assert.ok(left.includes(refused));
    assert.ok(!left.includes(ids[2]));

    assert.equal((await service.request('GET', `/v1/rejected/resend/${all.body.jobId}`, { headers: client.headers })).status, 404);
    assert.equal((await service.request('GET', `/v1/rejected/resend/${randomUUID()}`, { headers: other.headers })).status, 404);
    assert.equal((await service.request('GET', '/v1/rejected/resend/nope', { headers: other.headers })).status, 400);
  });

  it('refuses a bulk resend naming foreign or unknown documents, or without what it needs', async () => {
    const [mine] = await rejectedDocuments(1);
    const [theirs] = await rejectedDocuments(1, other);
    const cases: [unknown, Record<string, string>, string, number][] = [
      [{ environment: 'production', ids: [mine, theirs] }, client.headers, '', 404],
      [{ environment: 'production', ids: [randomUUID()] }, client.headers, '', 404],
      [{ environment: 'sandbox', ids: [mine] }, client.headers, '', 404],
      [{ environment: 'production', ids: ['nope'] }, client.headers, '', 400],
      [{ environment: 'production', ids: [] }, client.headers, '', 400],
      [{ ids: [mine] }, client.headers, '', 400],
      [{ environment: 'production', extra: true }, client.headers, '', 400],
      [{ environment: 'production' }, OPERATOR, '', 400],
    ];
    for (const [body, headers, query, status] of cases) {
      const response = await service.request('POST', `/v1/rejected/resend${query}`, { body, headers });
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${JSON.stringify(response.body)}`);
    }
    assert.ok((await listRejected(service, client.headers)).items.some((item) => item.id === mine), 'nothing was resent');
  });

  it('removes a document after its retention: gone from the bucket and the listing, marked expired', async () => {
    const id = await submitDocument(service, client.id, 'sandbox');
    const stored = (await waitUntilStored(service, id)).rejected;
    assert.equal(Date.parse(stored.expiresAt) - Date.parse(stored.storedAt), 2000);
    assert.ok((await listRejected(service, client.headers, '?environment=sandbox')).items.some((item) => item.id === id));

    const expired = await eventually(
      async () => {
        const event = await eventOf(service, id);
        assert.equal(event.rejected?.expired, true);
        return event;
      },
      { timeoutMs: 15_000 },
    );
    assert.equal(expired.status, 'Failed');
    assert.ok(Date.now() >= Date.parse(stored.expiresAt));
    assert.equal(await objectExists(service, stored.bucket, stored.key), false);
    assert.ok(!(await listRejected(service, client.headers, '?environment=sandbox')).items.some((item) => item.id === id));
    assert.equal((await service.request('GET', `/v1/rejected/${id}`, { headers: client.headers })).status, 404);
  });
});
