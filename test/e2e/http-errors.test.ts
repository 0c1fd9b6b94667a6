import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

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

  it('answers an unknown path with 404 in the error shape, and never a stack trace', async () => {
    const response = await service.request('GET', '/v1/nothing-here', { headers: OPERATOR });
    assert.equal(response.status, 404);
    assert.equal(response.body.statusCode, 404);
    assert.doesNotMatch(JSON.stringify(response.body), /\.js:\d+/);
  });
});
