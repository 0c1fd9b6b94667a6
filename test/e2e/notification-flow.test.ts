import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver, type ReceivedRequest } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, notificationRowsOf, verify, type CreatedClient } from './notification-helpers.js';

const FLOW_TIMEOUT = { timeoutMs: 20_000 };

/** Documents through the real pipeline (ingest, delivery, retry, rejected bucket) and what the client is told about them. */
describe('notifications about documents that keep failing', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let sandboxNotifications: Receiver;
  let productionNotifications: Receiver;

  before(async () => {
    [data, sandboxNotifications, productionNotifications] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    // The data receiver refuses every document under /failing.
    data.answer((request) => (request.path.startsWith('/failing') ? { status: 500 } : { status: 200 }));
    service = await TestService.start(env, { RETRY_SCHEDULE: '200ms,400ms,600ms', NOTIFICATION_RETRY_SCHEDULE: '200ms,400ms' });
  });

  after(async () => {
    await service.stop();
    await Promise.all([data.close(), sandboxNotifications.close(), productionNotifications.close()]);
    await env.destroy();
  });

  async function submit(client: CreatedClient, environment: 'sandbox' | 'production', userId = 'user-1'): Promise<string> {
    const accepted = await service.request('POST', '/v1/documents', {
      body: { clientId: client.id, environment, kind: 'summary', type: 'physical_summary', userId, data: { steps: 1200 } },
      headers: OPERATOR,
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body.id;
  }

  const about = (receiver: Receiver, documentId: string): ReceivedRequest[] =>
    receiver.requests.filter((request) => request.json?.data?.document_id === documentId);

  async function waitUntilStored(client: CreatedClient, environment: 'sandbox' | 'production', documentId: string): Promise<void> {
    await eventually(async () => {
      const listed = await service.request('GET', `/v1/rejected?environment=${environment}`, { headers: { authorization: `Bearer ${client.apiKey}` } });
      assert.equal(listed.status, 200);
      assert.ok(listed.body.items.some((item: { id: string }) => item.id === documentId), 'the document waits in the rejected bucket');
    }, FLOW_TIMEOUT);
  }

  it('tells each retry ahead, then the storage, once each, at the hook of the document environment', async () => {
    const client = await createClient(service, {
      sandbox: { dataWebhookUrl: `${data.url}/failing/sbx`, notificationWebhookUrl: `${sandboxNotifications.url}/notify` },
      production: { dataWebhookUrl: `${data.url}/failing/prod`, notificationWebhookUrl: `${productionNotifications.url}/notify` },
    });
    const documentId = await submit(client, 'production');
    await eventually(() => assert.ok(about(productionNotifications, documentId).some((request) => request.json.type === 'rejected_information.stored')), FLOW_TIMEOUT);
    await waitUntilStored(client, 'production', documentId);

    const received = about(productionNotifications, documentId);
    assert.deepEqual(
      received.map((request) => [request.json.type, request.json.data.attempt]).sort(),
      [
        ['rejected_information.retrying', 2],
        ['rejected_information.retrying', 3],
        ['rejected_information.retrying', 4],
        ['rejected_information.stored', undefined],
      ],
      'three retries were ahead of the failures, then the document was stored',
    );
    assert.equal(about(sandboxNotifications, documentId).length, 0);
    const secret = client.hook('production', 'notification').signingSecret;
    for (const request of received) {
      assert.equal(request.json.category, 'rejected_information');
      assert.equal(request.json.environment, 'production');
      assert.equal(request.json.data.document_id, documentId);
      assert.equal(request.json.data.kind, 'summary');
      assert.equal(request.json.data.type, 'physical_summary');
      assert.equal(request.json.data.user_id, 'user-1');
      verify(request, secret);
      assert.throws(() => verify(request, client.hook('production', 'data').signingSecret));
    }
    const retrying = received.filter((request) => request.json.type === 'rejected_information.retrying');
    for (const request of retrying) assert.ok(!Number.isNaN(Date.parse(request.json.data.next_attempt_at)));
    const stored = received.find((request) => request.json.type === 'rejected_information.stored')!;
    assert.ok(Date.parse(stored.json.data.expires_at) > Date.now(), 'expires in the future');
    assert.equal(new Set(received.map((request) => request.json.id)).size, 4, 'each notification has its own id');
  });

  it('stops telling about rejected information while the category is off, and still stores the document', async () => {
    const client = await createClient(service, {
      sandbox: { dataWebhookUrl: `${data.url}/failing/sbx`, notificationWebhookUrl: `${sandboxNotifications.url}/notify` },
    });
    const apiKey = { authorization: `Bearer ${client.apiKey}` };
    const off = await service.request('PUT', '/v1/preferences', { body: { environment: 'sandbox', notifications: { rejected_information: false } }, headers: apiKey });
    assert.equal(off.status, 200);

    const quiet = await submit(client, 'sandbox', 'user-quiet');
    await waitUntilStored(client, 'sandbox', quiet);
    // Delivery records the storage when document.stored reaches it, a moment after the listing shows it.
    await eventually(async () => {
      const event = await service.request('GET', `/webhooks/v1/events/${quiet}`, { headers: apiKey });
      assert.equal(event.body.status, 'Failed');
      assert.ok(event.body.rejected?.key, 'the event shows where the document is kept');
    }, FLOW_TIMEOUT);
    await eventually(async () => {
      const rows = await notificationRowsOf(service, client.id);
      assert.deepEqual(rows.map((row) => [row.type, row.status]).sort(), [
        ['rejected_information.retrying', 'skipped'],
        ['rejected_information.retrying', 'skipped'],
        ['rejected_information.retrying', 'skipped'],
        ['rejected_information.stored', 'skipped'],
      ]);
    }, FLOW_TIMEOUT);
    assert.equal(about(sandboxNotifications, quiet).length, 0);

    const on = await service.request('PUT', '/v1/preferences', { body: { environment: 'sandbox', notifications: { rejected_information: true } }, headers: apiKey });
    assert.equal(on.body.notifications.rejected_information, true);
    const told = await submit(client, 'sandbox', 'user-told');
    await eventually(() => assert.ok(about(sandboxNotifications, told).some((request) => request.json.type === 'rejected_information.stored')), FLOW_TIMEOUT);
    assert.equal(about(sandboxNotifications, told).length, 4);
    assert.equal(about(sandboxNotifications, quiet).length, 0);
  });

  it('tells a client without a notification hook nothing, fails nothing, and still completes the data flow', async () => {
    const client = await createClient(service, { production: { dataWebhookUrl: `${data.url}/failing/silent` } });
    const before = sandboxNotifications.requests.length + productionNotifications.requests.length;
    const documentId = await submit(client, 'production');
    await waitUntilStored(client, 'production', documentId);
    await eventually(async () => {
      const rows = await notificationRowsOf(service, client.id);
      assert.equal(rows.length, 4);
      assert.ok(rows.every((row) => row.status === 'skipped' && /no notification hook/.test(row.last_error ?? '')));
    }, FLOW_TIMEOUT);
    assert.equal(sandboxNotifications.requests.length + productionNotifications.requests.length, before);
    const [{ failed }] = await service.app.get(DataSource).query(`SELECT count(*)::int AS failed FROM kernel_messages WHERE actor = 'notification' AND failed_at IS NOT NULL`);
    assert.equal(failed, 0, 'no notification message failed');
  });
});

describe('notifications about a data hook suspended and restored', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let notifications: Receiver;

  before(async () => {
    [data, notifications] = await Promise.all([Receiver.start(), Receiver.start()]);
    data.answer({ status: 500 });
    service = await TestService.start(env, { RETRY_SCHEDULE: '200ms', NOTIFICATION_RETRY_SCHEDULE: '200ms,400ms', SUSPEND_AFTER: '1' });
  });

  after(async () => {
    await service.stop();
    await Promise.all([data.close(), notifications.close()]);
    await env.destroy();
  });

  it('tells registration.suspended, then registration.restored once a delivery is accepted after the restart', async () => {
    const client = await createClient(service, {
      production: { dataWebhookUrl: `${data.url}/data`, notificationWebhookUrl: `${notifications.url}/notify` },
    });
    const dataHook = client.hook('production', 'data');
    const apiKey = { authorization: `Bearer ${client.apiKey}` };
    const submit = () =>
      service.request('POST', '/v1/documents', {
        body: { clientId: client.id, environment: 'production', kind: 'event', type: 'sleep', userId: 'user-1', data: {} },
        headers: OPERATOR,
      });

    assert.equal((await submit()).status, 202);
    const ofType = (type: string) => notifications.requests.filter((request) => request.json?.type === type);
    await eventually(() => assert.equal(ofType('registration.suspended').length, 1), FLOW_TIMEOUT);
    const [suspended] = ofType('registration.suspended');
    assert.deepEqual(suspended.json.data, { hook_id: dataHook.id });
    assert.equal(suspended.json.category, 'rejected_information');
    assert.equal(suspended.json.environment, 'production');
    verify(suspended, client.hook('production', 'notification').signingSecret);

    data.answer({ status: 200 });
    const restarted = await service.request('POST', `/webhooks/v1/registrations/${dataHook.id}/restart`, { headers: apiKey });
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal((await submit()).status, 202);
    await eventually(() => assert.equal(ofType('registration.restored').length, 1), FLOW_TIMEOUT);
    const [restored] = ofType('registration.restored');
    assert.deepEqual(restored.json.data, { hook_id: dataHook.id });
    verify(restored, client.hook('production', 'notification').signingSecret);
    assert.equal(ofType('registration.suspended').length, 1);
  });
});
