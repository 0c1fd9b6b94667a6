import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, createClient, dataHookOf, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('delivery life cycle: retries, the rejected bucket, a suspended hook', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let exhaustedId: string;

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer({ status: 500 });
    service = await TestService.start(env, { RETRY_SCHEDULE: '300ms,600ms', SUSPEND_AFTER: '1', RETENTION_SANDBOX: '3s', SWEEP_INTERVAL: '500ms' });
    client = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const eventOf = async (id: string) => (await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) })).body;

  it('retries on schedule, counted from the first attempt, then stores the document in the rejected bucket', async () => {
    const submitted = await service.request('POST', '/v1/documents', { body: documentFor(client), headers: OPERATOR });
    exhaustedId = submitted.body.id;
    const requests = await receiver.waitForRequests(3);
    assert.deepEqual(requests.map((request) => request.headers['x-delivery-attempt']), ['1', '2', '3']);
    assert.ok(requests.every((request) => request.headers['webhook-id'] === exhaustedId));

    const event = await eventually(async () => {
      const current = await eventOf(exhaustedId);
      assert.equal(current.status, 'Failed');
      return current;
    });
    assert.deepEqual(event.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'retry', 'retry']);
    const [first, second, third] = event.attempts.map((attempt: { attemptedAt: string }) => Date.parse(attempt.attemptedAt));
    // Offsets count from the first attempt; a few ms of slack for timer granularity.
    assert.ok(second >= first + 300 - 5, `the first retry is not early (${second - first} ms)`);
    assert.ok(third >= first + 600 - 5, `the second retry is not early (${third - first} ms)`);
    assert.ok(event.attempts.every((attempt: { responseStatus: number }) => attempt.responseStatus === 500));
    assert.equal(event.nextAttemptAt, null);
    assert.equal(event.rejected.bucket, `${env.id}-sandbox`);
    assert.match(event.rejected.key, new RegExp(`^${client.id}/summary/\\d{4}/\\d{2}/\\d{2}/${exhaustedId}\\.json$`));
    assert.ok(Date.parse(event.rejected.expiresAt) > Date.parse(event.rejected.storedAt));
    // Stored and nothing next: the ledger has no attempt left to make (a stored row is never claimed again).
    assert.equal(receiver.requests.length, 3, 'no attempt after the last retry');
  });

  it('skips delivery to a suspended hook: the document goes straight to the bucket', async () => {
    await eventually(async () => {
      const registrations = await service.request('GET', '/webhooks/v1/registrations', { headers: bearer(client.apiKey) });
      assert.equal(registrations.body.find((hook: { kind: string }) => hook.kind === 'data').status, 'Suspended');
    });
    const before = receiver.requests.length;
    const submitted = await service.request('POST', '/v1/documents', { body: documentFor(client, { userId: 'while-suspended' }), headers: OPERATOR });
    assert.equal(submitted.status, 202);
    const event = await eventually(async () => {
      const current = await eventOf(submitted.body.id);
      assert.equal(current.status, 'Failed');
      return current;
    });
    assert.deepEqual(event.attempts, []);
    assert.ok(event.rejected);
    assert.equal(receiver.requests.length, before, 'nothing was POSTed');

    // A redelivery is the client's explicit request: attempted even to a suspended hook.
    receiver.answer({ status: 200 });
    const redelivered = await service.request('POST', `/hooks/${dataHookOf(client).id}/requests/${submitted.body.id}/redeliver`, { headers: bearer(client.apiKey) });
    assert.equal(redelivered.status, 200);
    assert.equal(redelivered.body.response_status, 200);
    const after = await eventOf(submitted.body.id);
    assert.equal(after.status, 'Success');
    assert.equal(after.rejected, undefined);
    assert.deepEqual(after.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['redeliver']);
  });

  it('marks a stored document expired after its retention', async () => {
    const event = await eventually(async () => {
      const current = await eventOf(exhaustedId);
      assert.equal(current.rejected?.expired, true);
      return current;
    }, { timeoutMs: 15_000 });
    assert.equal(event.status, 'Failed');
  });
});
