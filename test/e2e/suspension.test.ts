import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, listRejected, requestsFor, submitDocument, waitUntilStored, type CreatedClient } from './rejected-support.js';

describe('suspension: a data hook whose documents keep exhausting', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    service = await TestService.start(environment, {
      SUSPEND_AFTER: '2',
      RETRY_SCHEDULE: '100ms,200ms,300ms',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    });
    receiver = await Receiver.start();
    receiver.answer({ status: 503 });
    client = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  async function dataHook() {
    const response = await service.request('GET', '/webhooks/v1/registrations', { headers: client.headers });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.find((hook: { kind: string; environment: string }) => hook.kind === 'data' && hook.environment === 'sandbox');
  }

  it('suspends after two exhausted documents, stores new ones at once, and is restored by the next accepted delivery', async () => {
    assert.equal((await dataHook()).status, 'Active');
    for (let i = 0; i < 2; i++) {
      const id = await submitDocument(service, client.id, 'sandbox');
      await waitUntilStored(service, id);
    }
    await eventually(async () => assert.equal((await dataHook()).status, 'Suspended'));

    const skipped = await submitDocument(service, client.id, 'sandbox');
    const stored = await waitUntilStored(service, skipped);
    assert.deepEqual(stored.attempts, [], 'no attempt was made');
    assert.equal(requestsFor(receiver.requests, skipped).length, 0, 'the receiver got nothing');
    assert.ok((await listRejected(service, client.headers)).items.some((item) => item.id === skipped));

    const hook = await dataHook();
    const restarted = await service.request('POST', `/webhooks/v1/registrations/${hook.id}/restart`, { headers: client.headers });
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.status, 'Restarting');
    assert.equal((await dataHook()).status, 'Restarting');

    receiver.answer({ status: 200 });
    const delivered = await submitDocument(service, client.id, 'sandbox');
    await eventually(async () => assert.equal((await eventOf(service, delivered)).status, 'Success'));
    await eventually(async () => assert.equal((await dataHook()).status, 'Active'));
    assert.equal(requestsFor(receiver.requests, delivered).length, 1);
    // The later document went through after the restart; the skipped one stays in the bucket, never sent.
    assert.equal(requestsFor(receiver.requests, skipped).length, 0);
    assert.equal((await eventOf(service, skipped)).status, 'Failed');
  });
});
