import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { Doorbells } from '../../libs/kernel/index.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { statementsOf } from '../support/sent-statements.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, dataHookOf, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('delivery: documents reach the data webhook once, signed', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    // Long offsets: no retry interferes with what these tests count.
    service = await TestService.start(env, { RETRY_SCHEDULE: '1h' });
    client = await createClient(service, { sandbox: `${receiver.url}/data` });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const requestsFor = (id: string) => receiver.requests.filter((request) => request.json?.id === id);

  it('delivers a document once with a Standard Webhooks signature, the API.md body and headers', async () => {
    const id = randomUUID();
    const submitted = await service.request('POST', '/v1/documents', { body: documentFor(client, { id }), headers: OPERATOR });
    assert.equal(submitted.status, 202);
    assert.deepEqual(submitted.body, { id, status: 'Pending' });

    const [request] = await eventually(() => {
      const received = requestsFor(id);
      assert.equal(received.length, 1);
      return received;
    });
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/data');
    assert.match(String(request.headers['content-type']), /^application\/json/);
    const verified = new Webhook(dataHookOf(client).signingSecret).verify(request.body, request.headers as Record<string, string>);
    assert.deepEqual(verified, request.json);
    assert.deepEqual(Object.keys(request.json).sort(), ['created_at', 'data', 'environment', 'id', 'kind', 'type', 'user_id']);
    assert.deepEqual(
      { ...request.json, created_at: undefined },
      { id, kind: 'summary', type: 'physical_summary', environment: 'sandbox', user_id: 'user-123', created_at: undefined, data: { steps: 4200 } },
    );
    assert.equal(request.headers['webhook-id'], id);
    assert.equal(request.headers['x-delivery-attempt'], '1');
    assert.match(String(request.headers['x-delivery-id']), /^[0-9a-f-]{36}$/);

    const event = await eventually(async () => {
      const response = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
      assert.equal(response.body.status, 'Success');
      return response.body;
    });
    assert.equal(event.attempts.length, 1);
    assert.deepEqual(
      { ...event.attempts[0], attemptedAt: undefined, responseDurationMs: undefined },
      { deliveryId: request.headers['x-delivery-id'], trigger: 'initial', attemptedAt: undefined, responseStatus: 200, responseDurationMs: undefined, error: null },
    );
    assert.equal(event.nextAttemptAt, null);
    assert.equal(event.createdAt, request.json.created_at);
  });

  it('generates an id when none is given', async () => {
    const submitted = await service.request('POST', '/v1/documents', { body: documentFor(client), headers: OPERATOR });
    assert.equal(submitted.status, 202);
    assert.match(submitted.body.id, /^[0-9a-f-]{36}$/);
    await eventually(() => assert.equal(requestsFor(submitted.body.id).length, 1));
  });

  /** Delivers one more document and waits for it: the lanes have answered the wake-ups rung before it. */
  async function laterDocumentDelivered(): Promise<void> {
    const later = randomUUID();
    await service.request('POST', '/v1/documents', { body: documentFor(client, { id: later }), headers: OPERATOR });
    await eventually(() => assert.equal(requestsFor(later).length, 1));
  }

  it('delivers once when the same document comes twice, the second answer being the stored document', async () => {
    const id = randomUUID();
    const first = await service.request('POST', '/v1/documents', { body: documentFor(client, { id, data: { steps: 4200, zones: [1, 2] } }), headers: OPERATOR });
    assert.equal(first.status, 202);
    await eventually(async () => {
      const response = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
      assert.equal(response.body.status, 'Success');
    });
    // The same JSON values, keys in another order.
    const again = await service.request('POST', '/v1/documents', { body: { ...documentFor(client, { id, data: { zones: [1, 2], steps: 4200 } }) }, headers: OPERATOR });
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, { id, status: 'Success' });
    await laterDocumentDelivered();
    assert.equal(requestsFor(id).length, 1);
  });

  it('refuses the same id with other content, or from another client, naming it, and changes nothing', async () => {
    const id = randomUUID();
    assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client, { id }), headers: OPERATOR })).status, 202);
    const otherContent = await service.request('POST', '/v1/documents', { body: documentFor(client, { id, data: { steps: 1 } }), headers: OPERATOR });
    assert.equal(otherContent.status, 409);
    assert.match(otherContent.body.message, new RegExp(id));
    const otherClient = await createClient(service, { sandbox: receiver.url });
    const foreign = await service.request('POST', '/v1/documents', { body: documentFor(otherClient, { id }), headers: OPERATOR });
    assert.equal(foreign.status, 409);
    const inBatch = await service.request('POST', '/v1/documents/batch', {
      body: { documents: [documentFor(client), documentFor(client, { id, userId: 'someone-else' })] },
      headers: OPERATOR,
    });
    assert.equal(inBatch.status, 409, 'a batch is all or nothing');
    await eventually(() => assert.equal(requestsFor(id).length, 1));
    await laterDocumentDelivered();
    assert.equal(requestsFor(id).length, 1);
    assert.deepEqual(requestsFor(id)[0].json.data, { steps: 4200 }, 'the first version stands');
  });

  it('delivers once when the same id comes twice in a batch and in concurrent requests', async () => {
    const id = randomUUID();
    const other = randomUUID();
    const batch = await service.request('POST', '/v1/documents/batch', {
      body: { documents: [documentFor(client, { id }), documentFor(client, { id: other }), documentFor(client, { id })] },
      headers: OPERATOR,
    });
    assert.equal(batch.status, 202);
    assert.deepEqual(batch.body, { ids: [id, other, id] });

    const concurrent = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => service.request('POST', '/v1/documents', { body: documentFor(client, { id: concurrent }), headers: OPERATOR })),
    );
    assert.deepEqual(answers.map((answer) => answer.status), [202, 202, 202, 202, 202]);

    await eventually(() => {
      assert.equal(requestsFor(id).length, 1);
      assert.equal(requestsFor(other).length, 1);
      assert.equal(requestsFor(concurrent).length, 1);
    });
    await laterDocumentDelivered();
    assert.equal(requestsFor(id).length, 1);
    assert.equal(requestsFor(concurrent).length, 1);
  });

  it('commits concurrent single documents together, failing only the one that conflicts', async () => {
    const taken = randomUUID();
    assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client, { id: taken }), headers: OPERATOR })).status, 202);
    const fresh = Array.from({ length: 20 }, () => randomUUID());
    const answers = await Promise.all([
      ...fresh.map((id) => service.request('POST', '/v1/documents', { body: documentFor(client, { id }), headers: OPERATOR })),
      service.request('POST', '/v1/documents', { body: documentFor(client, { id: taken, userId: 'someone else' }), headers: OPERATOR }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status), [...fresh.map(() => 202), 409]);
    await eventually(() => assert.ok(fresh.every((id) => requestsFor(id).length === 1)));
  });

  it('delivers a large batch, each document once', async () => {
    const documents = Array.from({ length: 300 }, (_, i) => documentFor(client, { userId: `batch-user-${i}` }));
    const batch = await service.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR });
    assert.equal(batch.status, 202);
    assert.equal(batch.body.ids.length, 300);
    await eventually(() => assert.ok((batch.body.ids as string[]).every((id) => requestsFor(id).length === 1)), { timeoutMs: 30_000 });
  });

  it('sends nothing more for a delivered document, whatever wakes its hook again', async () => {
    const id = randomUUID();
    await service.request('POST', '/v1/documents', { body: documentFor(client, { id }), headers: OPERATOR });
    await eventually(async () => {
      const response = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
      assert.equal(response.body.status, 'Success');
    });
    const hookId = client.hooks.find((hook) => hook.kind === 'data' && hook.environment === 'sandbox')!.id;
    await service.app.get(Doorbells).ringNow('delivery', [{ jobId: `${hookId}:${id}`, data: { hookId } }, { jobId: `${hookId}:replayed`, data: { hookId } }]);
    // A later document is delivered: the rings were answered before it.
    const later = randomUUID();
    await service.request('POST', '/v1/documents', { body: documentFor(client, { id: later }), headers: OPERATOR });
    await eventually(() => assert.equal(requestsFor(later).length, 1));
    assert.equal(requestsFor(id).length, 1);
    const event = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
    assert.equal(event.body.attempts.length, 1);
  });

  it('makes no storage claim for a hook rung by new documents: nothing of theirs waits for the bucket', async () => {
    const id = randomUUID();
    const statements = await statementsOf(service.app.get(DataSource), async () => {
      await service.request('POST', '/v1/documents', { body: documentFor(client, { id }), headers: OPERATOR });
      await eventually(() => assert.equal(requestsFor(id).length, 1));
    });
    const claims = (exhausted: 'NULL' | 'NOT NULL') => statements.filter(({ sql }) => sql.includes('FROM delivery_queue c') && sql.includes(`c.exhausted_reason IS ${exhausted}`));
    assert.equal(claims('NULL').length, 1, 'one claim of attempts');
    assert.equal(claims('NOT NULL').length, 0, 'no claim of documents for the bucket');
  });
});
