import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, publishAbout, notificationRow, notificationsWithId, publish, verify, type CreatedClient } from './notification-helpers.js';

/** Catalogue events published straight onto the bus, as Delivery, RejectedStore and Clients publish them. */
describe('notifications: each fact reaches the notification hook of its environment', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let sandboxNotifications: Receiver;
  let productionNotifications: Receiver;
  let client: CreatedClient;

  before(async () => {
    [data, sandboxNotifications, productionNotifications] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    service = await TestService.start(env, { NOTIFICATION_RETRY_SCHEDULE: '200ms,400ms' });
    client = await createClient(service, {
      sandbox: { dataWebhookUrl: `${data.url}/sbx/data`, notificationWebhookUrl: `${sandboxNotifications.url}/sbx/notify` },
      production: { dataWebhookUrl: `${data.url}/data`, notificationWebhookUrl: `${productionNotifications.url}/notify` },
    });
  });

  after(async () => {
    await service.stop();
    await Promise.all([data.close(), sandboxNotifications.close(), productionNotifications.close()]);
    await env.destroy();
  });

  const document = () => ({ documentId: randomUUID(), kind: 'summary' as const, type: 'physical_summary', userId: 'user-42' });
  const dataHook = (environment: 'sandbox' | 'production') => ({ hookId: client.hook(environment, 'data').id, clientId: client.id, environment });

  async function postDomainEvent(body: Record<string, unknown>): Promise<string> {
    const accepted = await service.request('POST', '/v1/domain-events', { body: { clientId: client.id, userId: 'user-42', ...body }, headers: OPERATOR });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    return accepted.body.id;
  }

  it('sends every notification type once, with its category and data, signed with the notification hook secret', async () => {
    const retrying = document();
    const stored = document();
    const sandboxDataHook = client.hook('sandbox', 'data');
    const expected: { id: string; environment: 'sandbox' | 'production'; type: string; category: string; data: Record<string, unknown> }[] = [
      {
        id: await postDomainEvent({ environment: 'sandbox', type: 'user.created' }),
        environment: 'sandbox',
        type: 'user.created',
        category: 'user_management',
        data: { user_id: 'user-42' },
      },
      {
        id: await postDomainEvent({ environment: 'production', type: 'data_source.linked', dataSource: 'garmin' }),
        environment: 'production',
        type: 'data_source.linked',
        category: 'user_management',
        data: { user_id: 'user-42', data_source: 'garmin' },
      },
      {
        id: await postDomainEvent({ environment: 'sandbox', type: 'data_source.unlinked', dataSource: 'oura' }),
        environment: 'sandbox',
        type: 'data_source.unlinked',
        category: 'user_management',
        data: { user_id: 'user-42', data_source: 'oura' },
      },
      {
        id: await postDomainEvent({ environment: 'production', type: 'extraction.failed', dataSource: 'garmin', reason: 'user_information_unavailable' }),
        environment: 'production',
        type: 'extraction.failed',
        category: 'extraction_failures',
        data: { user_id: 'user-42', data_source: 'garmin', reason: 'user_information_unavailable' },
      },
      {
        id: await publishAbout(service, 'delivery.failed', dataHook('sandbox'), {
          ...retrying,
          attempt: 1,
          trigger: 'initial',
          deliveryId: randomUUID(),
          responseStatus: 500,
          error: null,
          nextAttemptNumber: 2,
          nextAttemptAt: '2026-01-10T10:00:00.000Z',
        }),
        environment: 'sandbox',
        type: 'rejected_information.retrying',
        category: 'rejected_information',
        data: { document_id: retrying.documentId, kind: 'summary', type: 'physical_summary', user_id: 'user-42', attempt: 2, next_attempt_at: '2026-01-10T10:00:00.000Z' },
      },
      {
        id: await publishAbout(service, 'document.stored', dataHook('production'), {
          ...stored,
          bucket: 'rejected-production',
          key: `${client.id}/summary/2026/01/10/${stored.documentId}.json`,
          storedAt: '2026-01-10T14:00:00.000Z',
          expiresAt: '2026-01-20T14:00:00.000Z',
        }),
        environment: 'production',
        type: 'rejected_information.stored',
        category: 'rejected_information',
        data: { document_id: stored.documentId, kind: 'summary', type: 'physical_summary', user_id: 'user-42', expires_at: '2026-01-20T14:00:00.000Z' },
      },
      {
        id: await publish(service, 'hook.suspended', { hookId: sandboxDataHook.id, clientId: client.id, environment: 'sandbox' }),
        environment: 'sandbox',
        type: 'registration.suspended',
        category: 'rejected_information',
        data: { hook_id: sandboxDataHook.id },
      },
      {
        id: await publish(service, 'hook.restored', { hookId: sandboxDataHook.id, clientId: client.id, environment: 'sandbox' }),
        environment: 'sandbox',
        type: 'registration.restored',
        category: 'rejected_information',
        data: { hook_id: sandboxDataHook.id },
      },
    ];

    for (const notification of expected) {
      await eventually(async () => assert.equal((await notificationRow(service, notification.id))?.status, 'delivered', notification.type));
    }
    for (const notification of expected) {
      const here = notification.environment === 'sandbox' ? sandboxNotifications : productionNotifications;
      const there = notification.environment === 'sandbox' ? productionNotifications : sandboxNotifications;
      const received = notificationsWithId(here, notification.id);
      assert.equal(received.length, 1, `${notification.type} arrives once`);
      assert.equal(notificationsWithId(there, notification.id).length, 0, `${notification.type} goes to its own environment only`);
      assert.equal(notificationsWithId(data, notification.id).length, 0, `${notification.type} never goes to the data hook`);
      const [request] = received;
      assert.equal(request.path, notification.environment === 'sandbox' ? '/sbx/notify' : '/notify');
      assert.equal(request.headers['webhook-id'], notification.id);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.deepEqual(Object.keys(request.json), ['id', 'type', 'category', 'environment', 'created_at', 'data']);
      assert.deepEqual(
        { ...request.json, created_at: undefined },
        { id: notification.id, type: notification.type, category: notification.category, environment: notification.environment, created_at: undefined, data: notification.data },
      );
      assert.ok(!Number.isNaN(Date.parse(request.json.created_at)));
      assert.deepEqual(verify(request, client.hook(notification.environment, 'notification').signingSecret), request.json);
      assert.throws(() => verify(request, client.hook(notification.environment, 'data').signingSecret), 'not signed with the data hook secret');
    }
  });

  it('says nothing of a failed attempt that has no attempt after it (document.stored follows)', async () => {
    const id = await publishAbout(service, 'delivery.failed', dataHook('production'), {
      ...document(),
      attempt: 4,
      trigger: 'retry',
      deliveryId: randomUUID(),
      responseStatus: 503,
      error: null,
      nextAttemptNumber: null,
      nextAttemptAt: null,
    });
    const marker = await postDomainEvent({ environment: 'production', type: 'user.created' });
    await eventually(async () => assert.equal((await notificationRow(service, marker))?.status, 'delivered'));
    assert.equal(await notificationRow(service, id), undefined);
    assert.equal(notificationsWithId(productionNotifications, id).length, 0);
  });

  it('records a notification of a category turned off as skipped, sends nothing, and sends again once it is on', async () => {
    const apiKey = { authorization: `Bearer ${client.apiKey}` };
    const off = await service.request('PUT', '/v1/preferences', { body: { environment: 'production', notifications: { extraction_failures: false } }, headers: apiKey });
    assert.equal(off.status, 200);
    const skipped = await postDomainEvent({ environment: 'production', type: 'extraction.failed', dataSource: 'garmin', reason: 'permissions' });
    const otherCategory = await postDomainEvent({ environment: 'production', type: 'user.created' });
    const otherEnvironment = await postDomainEvent({ environment: 'sandbox', type: 'extraction.failed', dataSource: 'garmin', reason: 'permissions' });
    await eventually(async () => {
      const row = await notificationRow(service, skipped);
      assert.equal(row?.status, 'skipped');
      assert.match(row?.last_error ?? '', /extraction_failures notifications are turned off/);
      assert.equal(row?.attempts, 0);
    });
    await eventually(async () => assert.equal((await notificationRow(service, otherCategory))?.status, 'delivered'));
    await eventually(async () => assert.equal((await notificationRow(service, otherEnvironment))?.status, 'delivered'));
    assert.equal(notificationsWithId(productionNotifications, skipped).length, 0);

    await service.request('PUT', '/v1/preferences', { body: { environment: 'production', notifications: { extraction_failures: true } }, headers: apiKey });
    const resumed = await postDomainEvent({ environment: 'production', type: 'extraction.failed', dataSource: 'garmin', reason: 'permissions' });
    await eventually(async () => assert.equal(notificationsWithId(productionNotifications, resumed).length, 1));
  });

  it('retries a notification that is not accepted on NOTIFICATION_RETRY_SCHEDULE, with the same id and body, then records it failed', async () => {
    sandboxNotifications.answer((request) => (request.json?.data?.user_id === 'user-500' ? { status: 500 } : { status: 200 }));
    try {
      const id = await postDomainEvent({ environment: 'sandbox', type: 'user.created', userId: 'user-500' });
      await eventually(async () => assert.equal((await notificationRow(service, id))?.status, 'failed'));
      const row = await notificationRow(service, id);
      assert.equal(row?.attempts, 3, 'the first attempt and one per offset');
      assert.equal(row?.last_response_status, 500);
      assert.match(row?.last_error ?? '', /500/);
      const attempts = notificationsWithId(sandboxNotifications, id);
      assert.equal(attempts.length, 3);
      assert.deepEqual(attempts.map((request) => request.headers['x-notification-attempt']), ['1', '2', '3']);
      assert.ok(attempts.every((request) => request.body === attempts[0].body && request.headers['webhook-id'] === id));
      // Offsets count from the first attempt: 200 ms, then 400 ms.
      assert.ok(attempts[1].receivedAt - attempts[0].receivedAt >= 190, 'second attempt not before its time');
      assert.ok(attempts[2].receivedAt - attempts[0].receivedAt >= 390, 'third attempt not before its time');
      for (const request of attempts) verify(request, client.hook('sandbox', 'notification').signingSecret);
    } finally {
      sandboxNotifications.answer({ status: 200 });
    }
  });

  it('delivers on a retry once the receiver accepts again', async () => {
    let refused = 0;
    productionNotifications.answer((request) => (request.json?.data?.user_id === 'user-flaky' && refused++ === 0 ? { status: 503 } : { status: 200 }));
    try {
      const id = await postDomainEvent({ environment: 'production', type: 'user.created', userId: 'user-flaky' });
      await eventually(async () => assert.equal((await notificationRow(service, id))?.status, 'delivered'));
      assert.equal((await notificationRow(service, id))?.attempts, 2);
      assert.equal(notificationsWithId(productionNotifications, id).length, 2);
    } finally {
      productionNotifications.answer({ status: 200 });
    }
  });
});

describe('notifications: subscribing and unsubscribing', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let notifications: Receiver;
  let client: CreatedClient;

  before(async () => {
    [data, notifications] = await Promise.all([Receiver.start(), Receiver.start()]);
    service = await TestService.start(env);
    client = await createClient(service, { sandbox: { dataWebhookUrl: `${data.url}/sbx` }, production: { dataWebhookUrl: `${data.url}/prod` } });
  });

  after(async () => {
    await service.stop();
    await Promise.all([data.close(), notifications.close()]);
    await env.destroy();
  });

  const userCreated = async (environment: string) => {
    const accepted = await service.request('POST', '/v1/domain-events', {
      body: { clientId: client.id, environment, type: 'user.created', userId: 'user-7' },
      headers: OPERATOR,
    });
    assert.equal(accepted.status, 202);
    return accepted.body.id as string;
  };

  it('sends nothing to a client without a notification hook, and fails nothing', async () => {
    const id = await userCreated('sandbox');
    await eventually(async () => {
      const row = await notificationRow(service, id);
      assert.equal(row?.status, 'skipped');
      assert.match(row?.last_error ?? '', /no notification hook in sandbox/);
    });
    assert.equal(notifications.requests.length, 0);
    assert.equal(data.requests.length, 0);
  });

  it('serves both environments from one URL, each signed with its own hook secret, until unsubscribed', async () => {
    const url = `${notifications.url}/notify`;
    const sandbox = await service.request('PUT', `/v1/clients/${client.id}/hooks/sandbox/notification`, { body: { url }, headers: OPERATOR });
    const production = await service.request('PUT', `/v1/clients/${client.id}/hooks/production/notification`, { body: { url }, headers: OPERATOR });
    assert.equal(sandbox.status, 200);
    assert.equal(production.status, 200);
    assert.notEqual(sandbox.body.signingSecret, production.body.signingSecret);

    const fromSandbox = await userCreated('sandbox');
    const fromProduction = await userCreated('production');
    await eventually(() => assert.equal(notifications.requests.length, 2));
    const [sandboxRequest] = notificationsWithId(notifications, fromSandbox);
    const [productionRequest] = notificationsWithId(notifications, fromProduction);
    assert.equal(sandboxRequest.json.environment, 'sandbox');
    assert.equal(productionRequest.json.environment, 'production');
    verify(sandboxRequest, sandbox.body.signingSecret);
    verify(productionRequest, production.body.signingSecret);
    assert.throws(() => verify(sandboxRequest, production.body.signingSecret));
    // The receiver can get the request before the notification is recorded: wait for the record.
    await eventually(async () => assert.equal((await notificationRow(service, fromSandbox))?.hook_id, sandbox.body.id));

    const removed = await service.request('DELETE', `/v1/clients/${client.id}/hooks/sandbox/notification`, { headers: OPERATOR });
    assert.equal(removed.status, 204);
    const afterRemoval = await userCreated('sandbox');
    const stillSubscribed = await userCreated('production');
    await eventually(async () => assert.equal((await notificationRow(service, afterRemoval))?.status, 'skipped'));
    await eventually(async () => assert.equal((await notificationRow(service, stillSubscribed))?.status, 'delivered'));
    assert.equal(notificationsWithId(notifications, afterRemoval).length, 0);
    assert.equal(notifications.requests.length, 3);
  });
});
