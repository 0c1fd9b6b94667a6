import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Doorbells } from '../../libs/kernel/index.js';
import { DocumentErasure } from '../../src/domain/ports/document-erasure.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

/**
 * With `ordering: "user"`, a user's document waits while an earlier one of that user is Pending. Once Delivery
 * cancels the earlier one for an erasure, it no longer holds the later one back, and the hook is rung at once
 * (the reconciler's grace is an hour here: only that ring can move it).
 */
describe('erasure and per-user ordering', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => ({ status: request.json?.data?.refuse ? 500 : 200 }));
    service = await TestService.start(environment, { RETRY_SCHEDULE: '1h', RECONCILE_GRACE: '1h' });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  const received = (id: string) => receiver.requests.filter((request) => request.headers['webhook-id'] === id).length;

  it('lets a later document of the user go once the one before it is cancelled', async () => {
    const created = await service.request('POST', '/v1/clients', { body: { name: 'ordered', environments: { sandbox: { dataWebhookUrl: receiver.url } } }, headers: OPERATOR });
    const clientId: string = created.body.id;
    await service.request('PATCH', `/webhooks/v1/registrations/${created.body.hooks[0].id}`, { body: { ordering: 'user' }, headers: OPERATOR });
    const post = async (userId: string, data: object) =>
      (await service.request('POST', '/v1/documents', { body: { clientId, environment: 'sandbox', kind: 'event', type: 't', userId, data }, headers: OPERATOR })).body.id as string;

    const first = await post('user-1', { refuse: true });
    await eventually(() => assert.equal(received(first), 1, 'refused once, its retry is an hour away'));
    const cutoff = new Date();
    const second = await post('user-1', { n: 2 });
    const otherUser = await post('user-2', { n: 1 });
    await eventually(() => assert.equal(received(otherUser), 1));
    // Every lane is idle: nothing but a new ring can look at the hook again.
    const lanes = service.app.get(Doorbells).all().get('delivery')!;
    await eventually(async () => {
      assert.equal((await service.request('GET', `/webhooks/v1/events/${otherUser}`, { headers: OPERATOR })).body.status, 'Success');
      assert.equal((await lanes.getActiveCount()) + (await lanes.getWaitingCount()), 0);
    });
    assert.equal(received(second), 0, 'held back behind the first');

    const erasure = service.app.get(DocumentErasure);
    const { cancelled } = await service.app.get(DataSource).transaction((tx) => erasure.cancel(tx, { clientId, userId: 'user-1' }, cutoff, 1000));
    assert.equal(cancelled, 1, 'only what was received by the cutoff');
    await eventually(() => assert.equal(received(second), 1), { timeoutMs: 5_000 });
    assert.equal(received(first), 1, 'the cancelled one is not sent again');
    assert.equal((await service.request('GET', `/webhooks/v1/events/${first}`, { headers: OPERATOR })).status, 404);
  });
});
