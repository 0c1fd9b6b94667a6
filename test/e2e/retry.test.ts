import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, listRejected, objectExists, readObject, requestsFor, submitDocument, waitUntilStored, type CreatedClient } from './rejected-support.js';

const OFFSETS = [200, 400, 600];

describe('retries: attempts on the schedule, then the rejected bucket', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  /** Documents the receiver accepts from the given attempt on. */
  const acceptFrom = new Map<string, number>();

  before(async () => {
    service = await TestService.start(environment, {
      RETRY_SCHEDULE: OFFSETS.map((offset) => `${offset}ms`).join(','),
      RETENTION_SANDBOX: '1h',
      RETENTION_PRODUCTION: '2h',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    });
    receiver = await Receiver.start();
    receiver.answer((request) => {
      const from = acceptFrom.get(String(request.headers['webhook-id']));
      return from !== undefined && Number(request.headers['x-delivery-attempt']) >= from ? { status: 200 } : { status: 503 };
    });
    client = await createClient(service, { sandbox: `${receiver.url}/sandbox`, production: `${receiver.url}/production` });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  for (const [env, retentionMs] of [['sandbox', 3600_000], ['production', 7200_000]] as const) {
    it(`makes four attempts counted from the first, then keeps a ${env} document in the ${env} bucket`, async () => {
      const documentId = await submitDocument(service, client.id, env);
      const event = await waitUntilStored(service, documentId);

      const attempts = requestsFor(receiver.requests, documentId);
      assert.deepEqual(attempts.map((request) => request.headers['x-delivery-attempt']), ['1', '2', '3', '4']);
      assert.ok(attempts.every((request) => request.path === `/${env}`));
      // Offsets count from the moment the first attempt started (the service's clock, this machine's too).
      const first = Date.parse(event.attempts[0].attemptedAt);
      assert.ok(first <= attempts[0].receivedAt);
      OFFSETS.forEach((offset, i) => {
        assert.ok(attempts[i + 1].receivedAt >= first + offset, `attempt ${i + 2} came ${attempts[i + 1].receivedAt - first} ms after the first, due at ${offset} ms`);
      });
      assert.deepEqual(event.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'retry', 'retry', 'retry']);

      assert.equal(event.rejected.bucket, service.config.rejectedBuckets[env]);
      assert.match(event.rejected.key, new RegExp(`^${client.id}/summary/\\d{4}/\\d{2}/\\d{2}/${documentId}\\.json$`));
      assert.equal(Date.parse(event.rejected.expiresAt) - Date.parse(event.rejected.storedAt), retentionMs);
      assert.deepEqual(JSON.parse(await readObject(service, event.rejected.bucket, event.rejected.key)), attempts[3].json);
      const other = env === 'sandbox' ? 'production' : 'sandbox';
      assert.equal(await objectExists(service, service.config.rejectedBuckets[other], event.rejected.key), false);

      const listed = await listRejected(service, client.headers, `?environment=${env}`);
      const item = listed.items.find((candidate) => candidate.id === documentId);
      assert.deepEqual(item, {
        id: documentId,
        kind: 'summary',
        type: 'physical_summary',
        userId: 'user-123',
        environment: env,
        storedAt: event.rejected.storedAt,
        expiresAt: event.rejected.expiresAt,
        attempts: 4,
      });
      // Stored with nothing next: a stored row is never claimed again.
      assert.equal(event.nextAttemptAt, null);
      assert.equal(requestsFor(receiver.requests, documentId).length, 4, 'no attempt after the schedule ran out');
    });
  }

  it('never stores a document accepted on a retry', async () => {
    const documentId = await submitDocument(service, client.id, 'sandbox');
    acceptFrom.set(documentId, 3);
    await receiver.waitForRequests(1);
    const event = await eventually(async () => {
      const current = await eventOf(service, documentId);
      assert.notEqual(current.status, 'Pending');
      return current;
    });
    assert.equal(event.status, 'Success');
    assert.deepEqual(requestsFor(receiver.requests, documentId).map((request) => request.headers['x-delivery-attempt']), ['1', '2', '3']);
    // Delivered, it has nothing next: no retry can follow.
    assert.equal(event.nextAttemptAt, null);
    assert.equal(requestsFor(receiver.requests, documentId).length, 3);
    const after = await eventOf(service, documentId);
    assert.equal(after.status, 'Success');
    assert.equal(after.rejected, undefined);
    const listed = await listRejected(service, client.headers);
    assert.ok(!listed.items.some((item) => item.id === documentId));
    assert.equal((await service.request('GET', `/v1/rejected/${documentId}`, { headers: client.headers })).status, 404);
  });
});
