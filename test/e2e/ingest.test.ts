import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('ingest: bad input is refused with a clear status and stores nothing', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(env, { RETRY_SCHEDULE: '1h', MAX_DOCUMENT_BYTES: '2048' });
    client = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const post = (body: unknown, path = '/v1/documents') => service.request('POST', path, { body, headers: OPERATOR });

  /** Markers: valid documents posted after refused ones, each delivered, which proves the pipeline moved past the refusals. */
  const markers = new Set<string>();

  async function assertNothingStored() {
    const marker = await post(documentFor(client, { userId: 'marker' }));
    markers.add(marker.body.id);
    await eventually(() => assert.ok(receiver.requests.some((request) => request.json?.id === marker.body.id)));
    const list = await service.request('GET', '/webhooks/v1/events?limit=100', { headers: bearer(client.apiKey) });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.filter((item: { id: string }) => !markers.has(item.id)), []);
    assert.ok(receiver.requests.every((request) => markers.has(request.json?.id)));
  }

  const invalid: Record<string, [Record<string, unknown>, RegExp]> = {
    'an unknown field': [{ priority: 'high' }, /property priority should not exist/],
    'a bad environment': [{ environment: 'staging' }, /environment must be one of/],
    'a bad kind': [{ kind: 'report' }, /kind must be one of/],
    'a malformed id': [{ id: 'not-a-uuid' }, /id must be a UUID/],
    'a malformed clientId': [{ clientId: '1234' }, /clientId must be a UUID/],
    'a null data': [{ data: null }, /data is required: any JSON value but null/],
    'an empty type': [{ type: '' }, /type must not be empty/],
    'a blank userId': [{ userId: '   ' }, /userId must not be empty/],
    'an overlong type': [{ type: 'x'.repeat(201) }, /type must be shorter than or equal to 200 characters/],
    'a missing userId': [{ userId: undefined }, /userId/],
    'a missing data': [{ data: undefined }, /data is required/],
  };
  for (const [name, [overrides, message]] of Object.entries(invalid)) {
    it(`answers 400 to ${name}`, async () => {
      const response = await post(documentFor(client, overrides));
      assert.equal(response.status, 400);
      assert.match(JSON.stringify(response.body.message), message);
    });
  }

  it('answers 400 to a body that is not JSON', async () => {
    const response = await post('{"clientId":');
    assert.equal(response.status, 400);
  });

  it('answers 413 to a document larger than MAX_DOCUMENT_BYTES', async () => {
    const response = await post(documentFor(client, { data: { blob: 'x'.repeat(3000) } }));
    assert.equal(response.status, 413);
    assert.match(response.body.message, /2048 bytes/);
    const batch = await post({ documents: [documentFor(client), documentFor(client, { data: { blob: 'x'.repeat(3000) } })] }, '/v1/documents/batch');
    assert.equal(batch.status, 413);
    assert.match(batch.body.message, /documents\[1\]/);
  });

  it('answers 422 when the client has no data hook in that environment', async () => {
    const response = await post(documentFor(client, { environment: 'production' }));
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'DELIVERY.NO_DATA_HOOK');
    assert.match(response.body.message, /no data webhook in production/);
    const unknownClient = await post(documentFor(client, { clientId: randomUUID() }));
    assert.equal(unknownClient.status, 422);
  });

  it('answers 400 to a batch of 1001 documents', async () => {
    const documents = Array.from({ length: 1001 }, () => documentFor(client));
    const response = await post({ documents }, '/v1/documents/batch');
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(response.body.message), /documents must contain no more than 1000 elements/);
  });

  it('answers 400 to an empty batch or one without documents', async () => {
    assert.equal((await post({ documents: [] }, '/v1/documents/batch')).status, 400);
    assert.equal((await post({}, '/v1/documents/batch')).status, 400);
    assert.equal((await post({ documents: [documentFor(client)], extra: 1 }, '/v1/documents/batch')).status, 400);
  });

  it('stores none of a batch with one bad document', async () => {
    const response = await post({ documents: [documentFor(client), documentFor(client, { kind: 'nope' }), documentFor(client)] }, '/v1/documents/batch');
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(response.body.message), /documents\.1\.kind must be one of/);
    const noHook = await post({ documents: [documentFor(client), documentFor(client, { environment: 'production' })] }, '/v1/documents/batch');
    assert.equal(noHook.status, 422);
  });

  it('answers 401 without the operator token, even with a client key', async () => {
    assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client) })).status, 401);
    assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client), headers: bearer(client.apiKey) })).status, 401);
    assert.equal((await service.request('POST', '/v1/documents/batch', { body: { documents: [documentFor(client)] } })).status, 401);
  });

  it('stored nothing for any of the refused requests', async () => {
    await assertNothingStored();
  });
});
