import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('events API: each client sees its own documents and their delivery', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let other: CreatedClient;
  const ids: string[] = [];

  before(async () => {
    receiver = await Receiver.start();
    // Documents of user "failing" are not accepted.
    receiver.answer((request) => ({ status: request.json?.user_id === 'failing' ? 500 : 200 }));
    service = await TestService.start(env, { RETRY_SCHEDULE: '1h' });
    client = await createClient(service, { sandbox: receiver.url, production: receiver.url });
    other = await createClient(service, { sandbox: receiver.url });
    for (let i = 0; i < 5; i++) {
      const environment = i < 3 ? 'sandbox' : 'production';
      const userId = i === 1 ? 'failing' : `user-${i}`;
      const response = await service.request('POST', '/v1/documents', { body: documentFor(client, { environment, userId }), headers: OPERATOR });
      ids.push(response.body.id);
    }
    await service.request('POST', '/v1/documents', { body: documentFor(other), headers: OPERATOR });
    await receiver.waitForRequests(6);
    await eventually(async () => {
      const list = await service.request('GET', '/webhooks/v1/events?status=Pending', { headers: bearer(client.apiKey) });
      assert.equal(list.body.items.length, 1);
      assert.equal(list.body.items[0].attempts.length, 1);
    });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const get = (path: string, headers: Record<string, string> = bearer(client.apiKey)) => service.request('GET', path, { headers });

  it('shows one document exactly as API.md describes it', async () => {
    const response = await get(`/webhooks/v1/events/${ids[0]}`);
    assert.equal(response.status, 200);
    const event = response.body;
    assert.deepEqual(Object.keys(event).sort(), ['attempts', 'createdAt', 'environment', 'eventName', 'id', 'kind', 'lastAttemptedAt', 'nextAttemptAt', 'partnerId', 'status', 'userId']);
    assert.equal(event.id, ids[0]);
    assert.equal(event.eventName, 'physical_summary');
    assert.equal(event.kind, 'summary');
    assert.equal(event.status, 'Success');
    assert.equal(event.partnerId, client.id);
    assert.equal(event.userId, 'user-0');
    assert.equal(event.rejected, undefined, 'nothing was stored in the rejected bucket');
  });

  it('lists newest first, across pages with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/webhooks/v1/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(response.status, 200);
      assert.ok(response.body.items.length <= 2);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
  });

  it('filters by environment and status', async () => {
    const production = await get('/webhooks/v1/events?environment=production');
    assert.deepEqual(production.body.items.map((item: { id: string }) => item.id), [ids[4], ids[3]]);
    assert.equal(production.body.nextCursor, null);
    const pending = await get('/webhooks/v1/events?status=Pending&environment=sandbox');
    assert.deepEqual(pending.body.items.map((item: { id: string }) => item.id), [ids[1]]);
    assert.equal(pending.body.items[0].attempts[0].responseStatus, 500);
  });

  it('lets the operator read any document and list one client or all', async () => {
    assert.equal((await get(`/webhooks/v1/events/${ids[0]}`, OPERATOR)).status, 200);
    const one = await get(`/webhooks/v1/events?clientId=${other.id}`, OPERATOR);
    assert.equal(one.body.items.length, 1);
    assert.equal(one.body.items[0].partnerId, other.id);
    const all = await get('/webhooks/v1/events?limit=100', OPERATOR);
    assert.equal(all.body.items.length, 6);
  });

  it("answers 404 for another client's document, as for an unknown one", async () => {
    const foreign = await get(`/webhooks/v1/events/${ids[0]}`, bearer(other.apiKey));
    assert.equal(foreign.status, 404);
    const unknown = await get(`/webhooks/v1/events/${randomUUID()}`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(foreign.body, unknown.body);
    const otherList = await get(`/webhooks/v1/events?clientId=${client.id}`, bearer(other.apiKey));
    assert.equal(otherList.status, 404);
    const ownList = await get('/webhooks/v1/events', bearer(other.apiKey));
    assert.equal(ownList.body.items.length, 1);
  });

  it('answers 401 without a valid key', async () => {
    assert.equal((await get(`/webhooks/v1/events/${ids[0]}`, {})).status, 401);
    assert.equal((await get('/webhooks/v1/events', {})).status, 401);
    assert.equal((await get('/webhooks/v1/events', bearer('whk_not-a-key'))).status, 401);
  });

  it('answers 400 to bad parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'status=Done', 'environment=staging', 'cursor=garbage', 'clientId=nope', 'unknown=1']) {
      const response = await get(`/webhooks/v1/events?${query}`);
      assert.equal(response.status, 400, query);
      assert.ok(response.body.message, query);
    }
    assert.equal((await get('/webhooks/v1/events/not-a-uuid')).status, 400);
  });
});
