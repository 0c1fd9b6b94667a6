import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, dataHookOf, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('retention of delivered data: a body is removed DELIVERED_RETENTION after its delivery', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => ({ status: request.json?.data?.refuse ? 500 : 200 }));
    service = await TestService.start(env, { DELIVERED_RETENTION: '2s', SWEEP_INTERVAL: '200ms', RETRY_SCHEDULE: '1h' });
    client = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const event = async (id: string) => (await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) })).body;
  const bodyOf = async (id: string): Promise<string | null> =>
    (await service.app.get(DataSource).query('SELECT data FROM document_bodies WHERE document_id = $1', [id]))[0]?.data ?? null;
  const redeliver = (id: string) => service.request('POST', `/hooks/${dataHookOf(client).id}/requests/${id}/redeliver`, { headers: bearer(client.apiKey) });

  it('keeps metadata and attempts, and answers a redelivery with a 410 that says why', async () => {
    const document = documentFor(client, { data: { steps: 4200, note: 'delivered-body-marker' } });
    const ingested = await service.request('POST', '/v1/documents', { body: document, headers: OPERATOR });
    const pending = await service.request('POST', '/v1/documents', { body: documentFor(client, { data: { refuse: true } }), headers: OPERATOR });
    const id: string = ingested.body.id;
    await eventually(async () => assert.equal((await event(id)).status, 'Success'));
    const kept = await redeliver(id);
    assert.equal(kept.status, 200, 'within its retention the body is there to redeliver');
    assert.equal(kept.body.response_status, 200);

    const purged = await eventually(
      async () => {
        const view = await event(id);
        assert.ok(view.bodyPurgedAt, 'bodyPurgedAt shows once the body is gone');
        return view;
      },
      { timeoutMs: 15_000 },
    );
    assert.ok(Date.parse(purged.bodyPurgedAt) - Date.parse(purged.lastAttemptedAt) >= 2000, 'counted from the last delivery');
    assert.equal(purged.status, 'Success');
    assert.deepEqual(
      purged.attempts.map((attempt: { trigger: string }) => attempt.trigger),
      ['initial', 'redeliver'],
    );
    assert.equal(await bodyOf(id), null);

    const requestsBefore = receiver.requests.length;
    const gone = await redeliver(id);
    assert.equal(gone.status, 410);
    assert.match(gone.body.message, new RegExp(`document ${id} can no longer be delivered: .*removed after the delivered retention \\(DELIVERED_RETENTION\\)`));
    assert.equal(receiver.requests.length, requestsBefore, 'nothing was sent');
    assert.equal((await event(id)).attempts.length, 2, 'no attempt recorded');

    // The same document again is still recognised (by its content hash), and a different one under its id is not.
    const again = await service.request('POST', '/v1/documents', { body: { ...document, id }, headers: OPERATOR });
    assert.deepEqual([again.status, again.body], [202, { id, status: 'Success' }]);
    const other = await service.request('POST', '/v1/documents', { body: { ...document, id, data: { steps: 1 } }, headers: OPERATOR });
    assert.equal(other.status, 409);

    assert.notEqual(await bodyOf(pending.body.id), null, 'a document not delivered keeps its body');
    assert.equal((await event(pending.body.id)).bodyPurgedAt, undefined);
  });
});
