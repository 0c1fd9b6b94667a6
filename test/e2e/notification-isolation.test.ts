import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, notificationRow, notificationsWithId, type CreatedClient } from './notification-helpers.js';

/** A notification receiver that fails or hangs never holds up documents: notifications have their own mailbox. */
describe('notifications never delay document delivery', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let failing: Receiver;
  let hanging: Receiver;

  before(async () => {
    [data, failing, hanging] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    failing.answer({ status: 500 });
    hanging.answer('hang');
    service = await TestService.start(env, {
      RETRY_SCHEDULE: '200ms,400ms,600ms',
      NOTIFICATION_RETRY_SCHEDULE: '200ms,400ms',
      DELIVERY_TIMEOUT: '3s',
    });
  });

  after(async () => {
    await service.stop();
    await Promise.all([data.close(), failing.close(), hanging.close()]);
    await env.destroy();
  });

  async function submit(client: CreatedClient, userId: string): Promise<string> {
    const accepted = await service.request('POST', '/v1/documents', {
      body: { clientId: client.id, environment: 'sandbox', kind: 'event', type: 'sleep', userId, data: { minutes: 420 } },
      headers: OPERATOR,
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body.id;
  }

  async function tell(client: CreatedClient, userId: string): Promise<string> {
    const accepted = await service.request('POST', '/v1/domain-events', {
      body: { clientId: client.id, environment: 'sandbox', type: 'user.created', userId },
      headers: OPERATOR,
    });
    assert.equal(accepted.status, 202);
    return accepted.body.id;
  }

  async function waitUntilDelivered(client: CreatedClient, documentId: string): Promise<void> {
    await eventually(async () => {
      assert.equal(data.requests.filter((request) => request.json?.id === documentId).length, 1);
      const event = await service.request('GET', `/webhooks/v1/events/${documentId}`, { headers: { authorization: `Bearer ${client.apiKey}` } });
      assert.equal(event.body.status, 'Success');
    });
  }

  it('delivers documents while notifications fail with 500, retries them on schedule, then records them failed', async () => {
    const client = await createClient(service, { sandbox: { dataWebhookUrl: `${data.url}/data`, notificationWebhookUrl: `${failing.url}/notify` } });
    const notifications = [await tell(client, 'user-a'), await tell(client, 'user-b')];
    const documents = [await submit(client, 'user-a'), await submit(client, 'user-b')];
    for (const documentId of documents) await waitUntilDelivered(client, documentId);

    for (const id of notifications) {
      await eventually(async () => assert.equal((await notificationRow(service, id))?.status, 'failed'), { timeoutMs: 20_000 });
      const row = await notificationRow(service, id);
      assert.equal(row?.attempts, 3);
      assert.equal(row?.last_response_status, 500);
      assert.equal(notificationsWithId(failing, id).length, 3);
    }
    const rejected = await service.request('GET', '/v1/rejected?environment=sandbox', { headers: { authorization: `Bearer ${client.apiKey}` } });
    assert.deepEqual(rejected.body.items, [], 'a failed notification never goes to the rejected bucket');
  });

  it('delivers a document while notifications wait on a hanging receiver', async () => {
    const client = await createClient(service, { sandbox: { dataWebhookUrl: `${data.url}/data`, notificationWebhookUrl: `${hanging.url}/notify` } });
    const notifications = [await tell(client, 'user-0'), await tell(client, 'user-1')];
    await hanging.waitForRequests(1);

    const documentId = await submit(client, 'user-0');
    await waitUntilDelivered(client, documentId);
    for (const id of notifications) {
      assert.equal(await notificationRow(service, id), undefined, 'the document was delivered before any hanging attempt ended');
    }

    // Each attempt times out, is retried on schedule, and the notification is finally recorded failed.
    for (const id of notifications) {
      await eventually(async () => assert.equal((await notificationRow(service, id))?.status, 'failed'), { timeoutMs: 40_000 });
      const row = await notificationRow(service, id);
      assert.equal(row?.attempts, 3);
      assert.equal(row?.last_response_status, null);
      assert.match(row?.last_error ?? '', /no complete response/);
    }
  });
});
