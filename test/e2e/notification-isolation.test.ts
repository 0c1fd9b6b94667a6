import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
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

/** Each client's notification hook is a receiver like any other: its own limits, its own waiting, nobody else's. */
describe('a notification receiver that never answers', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let answering: Receiver;
  let hanging: Receiver;

  before(async () => {
    [answering, hanging] = await Promise.all([Receiver.start(), Receiver.start()]);
    hanging.answer('hang');
    // Attempts hang for twenty leases: a lease lost to a slow receiver would show as a second request.
    service = await TestService.start(env, { DELIVERY_TIMEOUT: '20s', LEASE_DURATION: '1s' });
  });

  after(async () => {
    // The hanging requests end first, so that stopping waits for nothing.
    await hanging.close();
    await service.stop();
    await answering.close();
    await env.destroy();
  });

  const tell = async (client: CreatedClient, userId: string): Promise<string> => {
    const accepted = await service.request('POST', '/v1/domain-events', { body: { clientId: client.id, environment: 'sandbox', type: 'user.created', userId }, headers: OPERATOR });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body.id;
  };

  it("holds back no other client's notifications, keeps to its own maxInFlight, and sends each once while it hangs", async () => {
    const dataSource = service.app.get(DataSource);
    const stuck = await createClient(service, { sandbox: { dataWebhookUrl: `${answering.url}/data`, notificationWebhookUrl: `${hanging.url}/stuck` } });
    const other = await createClient(service, { sandbox: { dataWebhookUrl: `${answering.url}/data`, notificationWebhookUrl: `${answering.url}/other` } });
    const limited = await service.request('PATCH', `/webhooks/v1/registrations/${stuck.hook('sandbox', 'notification').id}`, {
      body: { maxInFlight: 50 },
      headers: { authorization: `Bearer ${stuck.apiKey}` },
    });
    assert.equal(limited.status, 200, JSON.stringify(limited.body));

    const stuckIds = await Promise.all(Array.from({ length: 100 }, (_, n) => tell(stuck, `user-${n}`)));
    await hanging.waitForRequests(50, 20_000);
    const [{ claimedBy }] = await dataSource.query('SELECT now() AS "claimedBy"');
    const otherId = await tell(other, 'user-x');
    await eventually(() => assert.equal(notificationsWithId(answering, otherId).length, 1));
    const [{ ended }] = await dataSource.query('SELECT count(*)::int AS ended FROM notifications WHERE id = ANY($1::uuid[])', [stuckIds]);
    assert.equal(ended, 0, 'no hanging attempt had ended when the other client was told');

    // Three leases' time later, the messages being sent are still leased, renewed while their requests hang.
    await eventually(
      async () => {
        const [{ renewed }] = await dataSource.query(
          `SELECT count(*)::int AS renewed FROM kernel_messages WHERE actor = 'notification' AND lease_until > $1::timestamptz + interval '3 seconds'`,
          [claimedBy],
        );
        assert.ok(renewed >= 50, `${renewed} renewed`);
      },
      { timeoutMs: 15_000 },
    );
    const requests = stuckIds.map((id) => notificationsWithId(hanging, id).length);
    assert.ok(requests.every((count) => count <= 1), `one request per notification while it hangs: ${requests.join(',')}`);
    assert.equal(requests.filter((count) => count === 1).length, 50);
    assert.equal(hanging.maxInFlightOn('/stuck'), 50, 'its own maxInFlight, used to the full');
  });
});
