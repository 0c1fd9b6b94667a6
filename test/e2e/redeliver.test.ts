import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, dataHookOf, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('redeliver: a client asks for a document again, now', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let other: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(env, { RETRY_SCHEDULE: '1h', DELIVERY_TIMEOUT: '500ms' });
    client = await createClient(service, { sandbox: receiver.url, production: receiver.url });
    other = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  async function delivered(to: CreatedClient, overrides: Record<string, unknown> = {}): Promise<string> {
    const response = await service.request('POST', '/v1/documents', { body: documentFor(to, overrides), headers: OPERATOR });
    assert.equal(response.status, 202);
    await eventually(async () => {
      const event = await service.request('GET', `/webhooks/v1/events/${response.body.id}`, { headers: OPERATOR });
      assert.equal(event.body.attempts.length, 1);
    });
    return response.body.id;
  }

  const redeliver = (hookId: string, documentId: string, headers: Record<string, string> = bearer(client.apiKey)) =>
    service.request('POST', `/hooks/${hookId}/requests/${documentId}/redeliver`, { headers });

  it('delivers again, answers in hookshot shape and shows a second attempt with trigger redeliver', async () => {
    const id = await delivered(client);
    const hook = dataHookOf(client, 'sandbox');
    receiver.answer({ status: 202 });
    const response = await redeliver(hook.id, id);
    assert.equal(response.status, 200);
    const body = response.body;
    assert.deepEqual(Object.keys(body).sort(), [
      'created_at', 'delivery_id', 'enqueued_at', 'event', 'hook_id', 'id', 'redelivery', 'response_duration_ms', 'response_status', 'tenant_id', 'updated_at',
    ]);
    assert.equal(body.id, id);
    assert.equal(body.tenant_id, client.id);
    assert.equal(body.hook_id, hook.id);
    assert.equal(body.event, 'physical_summary');
    assert.equal(body.redelivery, true);
    assert.equal(body.response_status, 202);
    assert.equal(typeof body.response_duration_ms, 'number');

    const requests = receiver.requests.filter((request) => request.json?.id === id);
    assert.equal(requests.length, 2);
    assert.equal(requests[1].headers['x-delivery-id'], body.delivery_id);
    assert.equal(requests[1].headers['x-delivery-attempt'], '2');
    assert.equal(requests[1].headers['webhook-id'], id, 'webhook-id is stable across attempts');
    assert.equal(requests[1].body, requests[0].body, 'the same body: it stays stored after delivery');

    const event = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
    assert.deepEqual(event.body.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'redeliver']);
    assert.equal(event.body.attempts[1].deliveryId, body.delivery_id);
    assert.equal(event.body.attempts[1].responseStatus, 202);
    assert.equal(event.body.status, 'Success');
    receiver.answer({ status: 200 });
  });

  it('answers 200 whatever the receiver answered, response_status null without a response', async () => {
    receiver.answer({ status: 500 });
    const id = await delivered(client);
    const hook = dataHookOf(client, 'sandbox');
    const failed = await redeliver(hook.id, id);
    assert.equal(failed.status, 200);
    assert.equal(failed.body.response_status, 500);

    receiver.answer('hang');
    const hung = await redeliver(hook.id, id);
    assert.equal(hung.status, 200);
    assert.equal(hung.body.response_status, null);
    receiver.answer({ status: 200 });

    const event = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
    assert.equal(event.body.status, 'Pending', 'a failed redelivery leaves the document where it was');
    assert.deepEqual(event.body.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'redeliver', 'redeliver']);
    assert.match(event.body.attempts[2].error, /^timeout/);
  });

  it('lets the operator redeliver any client’s document', async () => {
    const id = await delivered(client);
    const response = await redeliver(dataHookOf(client).id, id, OPERATOR);
    assert.equal(response.status, 200);
    assert.equal(response.body.tenant_id, client.id);
  });

  it('answers 404 for a foreign, unknown or mismatched hook or document', async () => {
    const id = await delivered(client);
    const otherId = await delivered(other);
    const productionId = await delivered(client, { environment: 'production' });
    const sandboxHook = dataHookOf(client, 'sandbox').id;
    const cases: [string, string, Record<string, string>][] = [
      [sandboxHook, id, bearer(other.apiKey)], // another client's hook
      [dataHookOf(other).id, id, bearer(other.apiKey)], // its own hook, another client's document
      [sandboxHook, otherId, bearer(client.apiKey)], // its own hook, a foreign document
      [sandboxHook, productionId, bearer(client.apiKey)], // the document is for the production hook
      [randomUUID(), id, bearer(client.apiKey)],
      [sandboxHook, randomUUID(), bearer(client.apiKey)],
      [dataHookOf(other).id, id, OPERATOR], // even the operator: the document does not belong to that hook
    ];
    for (const [hookId, documentId, headers] of cases) {
      const response = await redeliver(hookId, documentId, headers);
      assert.equal(response.status, 404, `${hookId} ${documentId}`);
    }
    const attempts = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR });
    assert.equal(attempts.body.attempts.length, 1, 'nothing was sent');
  });

  it('answers 401 without a valid credential and 400 for malformed ids', async () => {
    const id = await delivered(client);
    const hookId = dataHookOf(client).id;
    assert.equal((await redeliver(hookId, id, {})).status, 401);
    assert.equal((await redeliver(hookId, id, bearer('whk_wrong'))).status, 401);
    assert.equal((await redeliver('nope', id)).status, 400);
    assert.equal((await redeliver(hookId, 'nope')).status, 400);
  });
});
