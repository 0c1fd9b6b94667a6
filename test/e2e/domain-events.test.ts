import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, notificationRow, notificationsWithId, verify, type CreatedClient } from './notification-helpers.js';

describe('POST /v1/domain-events', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let data: Receiver;
  let notifications: Receiver;
  let client: CreatedClient;

  before(async () => {
    data = await Receiver.start();
    notifications = await Receiver.start();
    service = await TestService.start(env);
    client = await createClient(service, {
      production: { dataWebhookUrl: `${data.url}/data`, notificationWebhookUrl: `${notifications.url}/notify` },
    });
  });

  after(async () => {
    await service.stop();
    await data.close();
    await notifications.close();
    await env.destroy();
  });

  const post = (body: unknown, headers: Record<string, string> = OPERATOR) => service.request('POST', '/v1/domain-events', { body, headers });

  async function publishedCount(): Promise<number> {
    const [{ count }] = await service.app.get(DataSource).query('SELECT count(*)::int AS count FROM domain_event_receipts');
    return count;
  }

  it('accepts each producer event type and answers 202 with its id', async () => {
    const events = [
      { type: 'user.created', userId: 'user-1' },
      { type: 'data_source.linked', userId: 'user-1', dataSource: 'garmin' },
      { type: 'data_source.unlinked', userId: 'user-1', dataSource: 'garmin' },
      { type: 'extraction.failed', userId: 'user-1', dataSource: 'garmin', reason: 'credentials' },
    ];
    for (const event of events) {
      const id = randomUUID();
      const accepted = await post({ id, clientId: client.id, environment: 'production', ...event });
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      assert.deepEqual(accepted.body, { id });
    }
  });

  it('gives an event without an id one, and answers with it', async () => {
    const accepted = await post({ clientId: client.id, environment: 'production', type: 'user.created', userId: 'user-2' });
    assert.equal(accepted.status, 202);
    assert.match(accepted.body.id, /^[0-9a-f-]{36}$/);
    await eventually(async () => assert.equal((await notificationRow(service, accepted.body.id))?.status, 'delivered'));
  });

  it('publishes an id posted twice once: one notification, one delivery', async () => {
    const id = randomUUID();
    const event = { id, clientId: client.id, environment: 'production', type: 'data_source.linked', userId: 'user-3', dataSource: 'oura' };
    assert.equal((await post(event)).status, 202);
    const again = await post(event);
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, { id });
    await eventually(async () => assert.equal((await notificationRow(service, id))?.status, 'delivered'));
    // A later event through the same path, once delivered, shows the repeat had its chance to arrive.
    const marker = (await post({ clientId: client.id, environment: 'production', type: 'user.created', userId: 'marker' })).body.id;
    await eventually(async () => assert.equal((await notificationRow(service, marker))?.status, 'delivered'));
    const received = notificationsWithId(notifications, id);
    assert.equal(received.length, 1);
    verify(received[0], client.hook('production', 'notification').signingSecret);
    assert.deepEqual(received[0].json.data, { user_id: 'user-3', data_source: 'oura' });
  });

  describe('rejects a bad event with 400, a clear message, and publishes nothing', () => {
    const base = () => ({ clientId: client.id, environment: 'production', userId: 'user-9' });
    const cases: [string, () => Record<string, unknown>, RegExp][] = [
      ['a data-source event without dataSource', () => ({ ...base(), type: 'data_source.linked' }), /dataSource is required/],
      ['an unlink without dataSource', () => ({ ...base(), type: 'data_source.unlinked' }), /dataSource is required/],
      ['an extraction failure without dataSource', () => ({ ...base(), type: 'extraction.failed', reason: 'permissions' }), /dataSource is required/],
      ['an extraction failure without reason', () => ({ ...base(), type: 'extraction.failed', dataSource: 'garmin' }), /reason is required for extraction\.failed/],
      ['an extraction failure with an unknown reason', () => ({ ...base(), type: 'extraction.failed', dataSource: 'garmin', reason: 'bad_luck' }), /reason .*must be one of: data_source_failure/],
      ['an unknown type', () => ({ ...base(), type: 'user.deleted' }), /type must be one of the following values/],
      ['an unknown field', () => ({ ...base(), type: 'user.created', colour: 'blue' }), /property colour should not exist/],
      ['a malformed id', () => ({ ...base(), type: 'user.created', id: 'not-a-uuid' }), /id must be a UUID/],
      ['a malformed clientId', () => ({ ...base(), type: 'user.created', clientId: '1234' }), /clientId must be a UUID/],
      ['an unknown environment', () => ({ ...base(), type: 'user.created', environment: 'staging' }), /environment must be one of the following values/],
      ['a missing userId', () => ({ clientId: client.id, environment: 'production', type: 'user.created' }), /userId/],
      ['a dataSource on user.created', () => ({ ...base(), type: 'user.created', dataSource: 'garmin' }), /dataSource is not used by user\.created/],
      ['a reason on data_source.linked', () => ({ ...base(), type: 'data_source.linked', dataSource: 'garmin', reason: 'credentials' }), /reason is not used by data_source\.linked/],
    ];
    for (const [name, body, message] of cases) {
      it(name, async () => {
        const before = await publishedCount();
        const rejected = await post({ id: randomUUID(), ...body() });
        assert.equal(rejected.status, 400, JSON.stringify(rejected.body));
        assert.match([rejected.body.message].flat().join('; '), message);
        assert.equal(await publishedCount(), before);
      });
    }

    it('malformed JSON', async () => {
      const before = await publishedCount();
      const rejected = await post('{"type": ');
      assert.equal(rejected.status, 400);
      assert.equal(await publishedCount(), before);
    });
  });

  it('is for the operator only: no token or a client API key is a 401', async () => {
    const body = { clientId: client.id, environment: 'production', type: 'user.created', userId: 'user-1' };
    assert.equal((await post(body, {})).status, 401);
    assert.equal((await post(body, { authorization: `Bearer ${client.apiKey}` })).status, 401);
  });
});
