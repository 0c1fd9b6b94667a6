import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, requestsFor, submitDocument, waitUntilStored } from './rejected-support.js';

const OFFSETS = [1000, 5000, 6000];

describe('retries survive a restart of the service', () => {
  const environment = new TestEnvironment();
  const settings = { RETRY_SCHEDULE: '1s,5s,6s', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' };
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    service = await TestService.start(environment, settings);
    receiver = await Receiver.start();
    receiver.answer({ status: 500 });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  it('makes the third attempt at its time after a restart between the second and the third, without starting over', async () => {
    const client = await createClient(service, { sandbox: receiver.url });
    const documentId = await submitDocument(service, client.id, 'sandbox');
    await receiver.waitForRequests(2, 15_000);
    const stoppedAt = Date.now();
    await service.stop();
    // Same database, Redis prefix and S3 directory: the same deployment, started again.
    service = await TestService.start(environment, settings);
    const received = requestsFor(receiver.requests, documentId)[0].receivedAt;
    assert.ok(stoppedAt < received + OFFSETS[1] - 500, 'the service stopped well before the third attempt was due');

    const event = await waitUntilStored(service, documentId, 20_000);
    // Offsets count from the moment the first attempt started (the service's clock, this machine's too).
    const first = Date.parse(event.attempts[0].attemptedAt);
    const attempts = requestsFor(receiver.requests, documentId);
    assert.deepEqual(attempts.map((request) => request.headers['x-delivery-attempt']), ['1', '2', '3', '4']);
    OFFSETS.forEach((offset, i) => {
      assert.ok(attempts[i + 1].receivedAt >= first + offset, `attempt ${i + 2} came ${attempts[i + 1].receivedAt - first} ms after the first, due at ${offset} ms`);
    });
    assert.deepEqual(event.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'retry', 'retry', 'retry']);
  });
});
