import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, type CreatedClient } from './notification-helpers.js';

const ALL_ON = { user_management: true, extraction_failures: true, rejected_information: true };

describe('notification preferences: GET and PUT /v1/preferences', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let acme: CreatedClient;
  let other: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(env);
    const environments = { sandbox: { dataWebhookUrl: `${receiver.url}/data` }, production: { dataWebhookUrl: `${receiver.url}/data` } };
    acme = await createClient(service, environments);
    other = await createClient(service, environments);
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const as = (client: CreatedClient) => ({ authorization: `Bearer ${client.apiKey}` });
  const get = (query: string, headers: Record<string, string>) => service.request('GET', `/v1/preferences?${query}`, { headers });
  const put = (body: unknown, headers: Record<string, string>, query = '') => service.request('PUT', `/v1/preferences${query}`, { body, headers });

  it('turns every category on until the client says otherwise', async () => {
    const read = await get('environment=sandbox', as(acme));
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, { environment: 'sandbox', notifications: ALL_ON });
  });

  it('changes only the categories a PUT names and answers with the whole set', async () => {
    const changed = await put({ environment: 'sandbox', notifications: { rejected_information: false } }, as(acme));
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(changed.body, { environment: 'sandbox', notifications: { ...ALL_ON, rejected_information: false } });

    const more = await put({ environment: 'sandbox', notifications: { user_management: false } }, as(acme));
    assert.deepEqual(more.body.notifications, { user_management: false, extraction_failures: true, rejected_information: false });

    const back = await put({ environment: 'sandbox', notifications: { rejected_information: true } }, as(acme));
    assert.deepEqual(back.body.notifications, { user_management: false, extraction_failures: true, rejected_information: true });
    assert.deepEqual((await get('environment=sandbox', as(acme))).body.notifications, back.body.notifications);
  });

  it('keeps each environment and each client apart', async () => {
    await put({ environment: 'production', notifications: { extraction_failures: false } }, as(acme));
    assert.deepEqual((await get('environment=production', as(acme))).body.notifications, { ...ALL_ON, extraction_failures: false });
    assert.equal((await get('environment=sandbox', as(acme))).body.notifications.extraction_failures, true);
    assert.deepEqual((await get('environment=production', as(other))).body.notifications, ALL_ON);
  });

  it('lets the operator read and change any client, named by the clientId query parameter', async () => {
    const changed = await put({ environment: 'production', notifications: { user_management: false } }, OPERATOR, `?clientId=${other.id}`);
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body, { environment: 'production', notifications: { ...ALL_ON, user_management: false } });
    const read = await get(`environment=production&clientId=${other.id}`, OPERATOR);
    assert.deepEqual(read.body, changed.body);
    assert.deepEqual((await get('environment=production', as(other))).body, changed.body);
  });

  it('answers 400 to the operator without a clientId', async () => {
    const read = await get('environment=sandbox', OPERATOR);
    assert.equal(read.status, 400);
    assert.match(read.body.message, /clientId query parameter is required/);
    const write = await put({ environment: 'sandbox', notifications: { user_management: false } }, OPERATOR);
    assert.equal(write.status, 400);
  });

  it('answers 404 to the operator naming an unknown client', async () => {
    assert.equal((await get(`environment=sandbox&clientId=${randomUUID()}`, OPERATOR)).status, 404);
    const write = await put({ environment: 'sandbox', notifications: { user_management: false } }, OPERATOR, `?clientId=${randomUUID()}`);
    assert.equal(write.status, 404);
  });

  it('answers 404 to a client naming another client', async () => {
    assert.equal((await get(`environment=sandbox&clientId=${other.id}`, as(acme))).status, 404);
    const write = await put({ environment: 'sandbox', notifications: { user_management: false } }, as(acme), `?clientId=${other.id}`);
    assert.equal(write.status, 404);
    assert.equal((await get('environment=sandbox', as(other))).body.notifications.user_management, true);
  });

  describe('rejects bad input with 400 and changes nothing', () => {
    const cases: [string, unknown, RegExp][] = [
      ['an unknown category', { environment: 'sandbox', notifications: { marketing: false } }, /property marketing should not exist/],
      ['a non-boolean setting', { environment: 'sandbox', notifications: { user_management: 'no' } }, /user_management must be a boolean/],
      ['a number as a setting', { environment: 'sandbox', notifications: { rejected_information: 0 } }, /rejected_information must be a boolean/],
      ['a missing environment', { notifications: { user_management: false } }, /environment must be one of the following values/],
      ['an unknown environment', { environment: 'staging', notifications: { user_management: false } }, /environment must be one of the following values/],
      ['missing notifications', { environment: 'sandbox' }, /notifications/],
      ['notifications that are not an object', { environment: 'sandbox', notifications: true }, /notifications must be an object/],
      ['an unknown field', { environment: 'sandbox', notifications: {}, extra: 1 }, /property extra should not exist/],
    ];
    for (const [name, body, message] of cases) {
      it(name, async () => {
        const before = (await get('environment=sandbox', as(other))).body;
        const rejected = await put(body, as(other));
        assert.equal(rejected.status, 400, JSON.stringify(rejected.body));
        assert.match([rejected.body.message].flat().join('; '), message);
        assert.deepEqual((await get('environment=sandbox', as(other))).body, before);
      });
    }

    it('a GET without environment or with a malformed clientId', async () => {
      assert.equal((await get('', as(acme))).status, 400);
      assert.equal((await get(`environment=sandbox&clientId=nope`, OPERATOR)).status, 400);
    });
  });

  it('answers 401 without a valid credential', async () => {
    assert.equal((await get('environment=sandbox', {})).status, 401);
    assert.equal((await get('environment=sandbox', { authorization: `Bearer ${randomUUID()}` })).status, 401);
    assert.equal((await put({ environment: 'sandbox', notifications: {} }, {})).status, 401);
  });
});
