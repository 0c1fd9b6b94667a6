import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient } from './notification-helpers.js';

describe('errors a caller can cause', () => {
  const environment = new TestEnvironment();
  let service: TestService;

  before(async () => {
    service = await TestService.start(environment, { MAX_DOCUMENT_BYTES: '2048' });
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await service.request('POST', '/v1/clients', { body: '{"name": "Acme",', headers: { ...OPERATOR, 'content-type': 'application/json' } });
    assert.equal(response.status, 400);
    assert.deepEqual(Object.keys(response.body).sort(), ['error', 'message', 'statusCode']);
    assert.equal(response.body.error, 'Bad Request');
    assert.match(response.body.message, /^request body is not valid JSON/);
  });

  it('answers a body over the limit with 413 before reading it all', async () => {
    const response = await service.request('POST', '/v1/documents', { body: { data: 'x'.repeat(64 * 1024) }, headers: OPERATOR });
    assert.equal(response.status, 413);
    assert.equal(response.body.error, 'Payload Too Large');
    assert.match(response.body.message, /larger than allowed/);
  });

  it('gives every response an x-request-id: a plain one the caller sent is kept, anything else replaced', async () => {
    const kept = await service.request('GET', '/v1/nothing-here', { headers: { ...OPERATOR, 'x-request-id': 'trace-4f2a.9:1' } });
    assert.equal(kept.headers.get('x-request-id'), 'trace-4f2a.9:1');
    for (const junk of ['<script>', 'a b', 'x'.repeat(200), '']) {
      const replaced = await service.request('GET', '/health/live', { headers: { 'x-request-id': junk } });
      assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, junk);
    }
    const malformed = await service.request('POST', '/v1/clients', { body: '{', headers: { ...OPERATOR, 'content-type': 'application/json' } });
    assert.ok(malformed.headers.get('x-request-id'), 'also on what the body parser refuses');
  });

  it('answers the same 404 wherever a client names a client that is not its own', async () => {
    const hooks = { sandbox: { dataWebhookUrl: 'http://127.0.0.1:9/data' } };
    const [acme, other] = [await createClient(service, hooks), await createClient(service, hooks)];
    const asAcme = { authorization: `Bearer ${acme.apiKey}` };
    const tries = [
      service.request('GET', `/webhooks/v1/events?clientId=${other.id}`, { headers: asAcme }),
      service.request('GET', `/webhooks/v1/registrations?clientId=${other.id}`, { headers: asAcme }),
      service.request('GET', `/v1/rejected?environment=sandbox&clientId=${other.id}`, { headers: asAcme }),
      service.request('GET', `/v1/preferences?environment=sandbox&clientId=${other.id}`, { headers: asAcme }),
      service.request('POST', '/v1/erasures', { body: { userId: 'user-1', clientId: other.id }, headers: asAcme }),
    ];
    for (const answer of await Promise.all(tries)) {
      assert.equal(answer.status, 404, JSON.stringify(answer.body));
      assert.equal(answer.body.code, 'CLIENT_NOT_FOUND');
      assert.equal(answer.body.message, `client ${other.id} not found`);
    }
  });

  it('answers an unknown path with 404 in the error shape, and never a stack trace', async () => {
    const response = await service.request('GET', '/v1/nothing-here', { headers: OPERATOR });
    assert.equal(response.status, 404);
    assert.equal(response.body.statusCode, 404);
    assert.doesNotMatch(JSON.stringify(response.body), /\.js:\d+/);
  });
});
