import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { storedState } from '../support/stored-state.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, type CreatedClient } from './notification-helpers.js';
import { requestsFor, waitUntilStored } from './rejected-support.js';

/** JSON text with NUL escapes, keys Nest would strip ("__proto__", "constructor", "prototype"), a surrogate pair and deep-ish nesting: every bit must arrive as sent. */
const TRICKY_DATA = '{"note":"a\\u0000b","list":[0,-1.5,"\\u0000",{"__proto__":{"x":1},"constructor":"c","prototype":2}],"emoji":"\\ud83d\\udca4","nested":{"a":{"b":{"c":null}}}}';

describe('bad input never becomes a 5xx: the cases found by the sweep', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let accepting: Receiver;
  let refusing: Receiver;
  let client: CreatedClient;
  let failing: CreatedClient;

  before(async () => {
    accepting = await Receiver.start();
    refusing = await Receiver.start();
    refusing.answer({ status: 500 });
    service = await TestService.start(environment, { RETRY_SCHEDULE: '100ms,200ms' });
    client = await createClient(service, { sandbox: { dataWebhookUrl: `${accepting.url}/data` } });
    failing = await createClient(service, { production: { dataWebhookUrl: `${refusing.url}/data` } });
  });

  after(async () => {
    await service.stop();
    await accepting.close();
    await refusing.close();
    await environment.destroy();
  });

  const document = (overrides: Record<string, unknown> = {}) => ({
    clientId: client.id,
    environment: 'sandbox',
    kind: 'event',
    type: 'sleep_event',
    userId: 'user-1',
    data: { minutes: 412 },
    ...overrides,
  });

  /** Sends what a caller sent and expects a 400 naming the field, with nothing stored anywhere. */
  async function assertRefused(method: string, path: string, body: unknown, field: RegExp, headers: Record<string, string> = OPERATOR) {
    const before = await storedState(service);
    const response = await service.request(method, path, { body, headers: { ...headers, 'content-type': 'application/json' } });
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.deepEqual(Object.keys(response.body).sort(), ['error', 'message', 'statusCode']);
    assert.match(JSON.stringify(response.body.message), field);
    assert.deepEqual(await storedState(service), before, 'a refused request stores nothing');
  }

  it('refuses a NUL in a document type with a 400 naming type', async () => {
    await assertRefused('POST', '/v1/documents', document({ type: 'sleep\u0000event' }), /type must not contain control characters/);
  });

  it('refuses a NUL in a document userId with a 400 naming userId, in a batch too', async () => {
    await assertRefused('POST', '/v1/documents', document({ userId: 'user\u0000-1' }), /userId must not contain control characters/);
    const batch = { documents: [document(), document({ userId: '\u0000' })] };
    await assertRefused('POST', '/v1/documents/batch', batch, /documents\.1\.userId must not contain control characters/);
  });

  it("refuses a NUL in a domain event's userId or dataSource with a 400 naming the field", async () => {
    const event = { clientId: client.id, environment: 'sandbox', type: 'data_source.linked', userId: 'user-1', dataSource: 'garmin' };
    await assertRefused('POST', '/v1/domain-events', { ...event, userId: 'user-\u00001' }, /userId must not contain control characters/);
    await assertRefused('POST', '/v1/domain-events', { ...event, dataSource: 'gar\u0000min' }, /dataSource must not contain control characters/);
  });

  it("refuses a NUL in a client's name with a 400 naming name", async () => {
    const body = { name: 'Acme\u0000Health', environments: { sandbox: { dataWebhookUrl: `${accepting.url}/data` } } };
    await assertRefused('POST', '/v1/clients', body, /name must not contain control characters/);
  });

  it('refuses PUT /v1/preferences with a category set to null with a 400 naming it, and changes nothing', async () => {
    const headers = { authorization: `Bearer ${client.apiKey}` };
    const body = { environment: 'sandbox', notifications: { user_management: false, rejected_information: null } };
    await assertRefused('PUT', '/v1/preferences', body, /notifications\.rejected_information must be a boolean/, headers);
    const read = await service.request('GET', '/v1/preferences?environment=sandbox', { headers });
    assert.deepEqual(read.body.notifications, { user_management: true, extraction_failures: true, rejected_information: true });
  });

  it('refuses a null where a value is required, and a number JSON cannot carry, naming the field', async () => {
    await assertRefused('POST', '/v1/documents', document({ data: null }), /data is required: any JSON value but null/);
    await assertRefused('POST', '/v1/documents', document({ id: null }), /id must be a UUID/);
    const infinite = JSON.stringify(document({ data: 'INFINITE' })).replace('"INFINITE"', '{"beats":1e400}');
    await assertRefused('POST', '/v1/documents', infinite, /data holds a number too large/);
  });

  it('refuses a body nested deeper than 100 levels with a 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const body = JSON.stringify(document({ data: 'DEEP' })).replace('"DEEP"', deep);
    await assertRefused('POST', '/v1/documents', body, /nested deeper than 100 levels/);
  });

  it('delivers data holding \\u0000 to the receiver as the same JSON value', async () => {
    const id = randomUUID();
    const body = JSON.stringify(document({ id, data: 'TRICKY' })).replace('"TRICKY"', TRICKY_DATA);
    const accepted = await service.request('POST', '/v1/documents', { body, headers: { ...OPERATOR, 'content-type': 'application/json' } });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));

    await accepting.waitForRequests(1);
    const [received] = requestsFor(accepting.requests, id);
    assert.deepEqual(received.json.data, JSON.parse(TRICKY_DATA));
    assert.ok(received.body.includes('"a\\u0000b"'), 'the NUL travels as the JSON escape it came as');
    for (const key of ['__proto__', 'constructor', 'prototype']) assert.ok(Object.hasOwn(received.json.data.list[3], key), `a "${key}" key stays a key`);
  });

  it('takes any JSON value but null as data: an array, a string, a number, a boolean', async () => {
    for (const data of [[1, 'two', { three: 3 }], 'just text', 0, false]) {
      const id = randomUUID();
      const accepted = await service.request('POST', '/v1/documents', { body: document({ id, data }), headers: OPERATOR });
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      const received = await eventually(() => requestsFor(accepting.requests, id)[0] ?? assert.fail(`document ${id} not delivered yet`));
      assert.deepEqual(received.json.data, data);
    }
  });

  it('keeps data holding \\u0000 as the same JSON value in the rejected bucket when every attempt fails', async () => {
    const id = randomUUID();
    const body = JSON.stringify(document({ id, clientId: failing.id, environment: 'production', data: 'TRICKY' })).replace('"TRICKY"', TRICKY_DATA);
    const accepted = await service.request('POST', '/v1/documents', { body, headers: { ...OPERATOR, 'content-type': 'application/json' } });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));

    await waitUntilStored(service, id);
    const stored = await service.request('GET', `/v1/rejected/${id}`, { headers: { authorization: `Bearer ${failing.apiKey}` } });
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body.data, JSON.parse(TRICKY_DATA));
    assert.deepEqual(requestsFor(refusing.requests, id).at(-1)!.json, stored.body, 'stored exactly as it was delivered');
  });
});
