import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import { createEvent } from '../../src/domain/events.js';
import { eventually } from '../support/eventually.js';
import { Receiver, type Reply } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { bearer, closedPort, createClient, documentFor, type CreatedClient } from './delivery-fixtures.js';

describe('delivery: what is not accepted is a failed attempt, recorded', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let redirectTarget: Receiver;
  let client: CreatedClient;

  before(async () => {
    receiver = await Receiver.start();
    redirectTarget = await Receiver.start();
    // Each document tells the receiver how to answer it.
    receiver.answer((request) => (request.json?.data?.reply as Reply | undefined) ?? { status: 200 });
    service = await TestService.start(env, { RETRY_SCHEDULE: '1h', DELIVERY_TIMEOUT: '500ms' });
    client = await createClient(service, { sandbox: receiver.url });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await redirectTarget.close();
    await env.destroy();
  });

  async function deliverAnswered(reply: Reply | undefined, to: CreatedClient = client) {
    const id = randomUUID();
    const submitted = await service.request('POST', '/v1/documents', { body: documentFor(to, { id, data: { reply } }), headers: OPERATOR });
    assert.equal(submitted.status, 202);
    return eventually(async () => {
      const response = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(to.apiKey) });
      assert.equal(response.status, 200);
      assert.equal(response.body.attempts.length, 1);
      return response.body;
    });
  }

  function assertFailedOnce(event: any) {
    assert.equal(event.status, 'Pending', 'a failed attempt leaves the document waiting for its retry');
    assert.equal(event.attempts[0].trigger, 'initial');
    assert.ok(event.nextAttemptAt, 'the next attempt is scheduled');
    assert.ok(Date.parse(event.nextAttemptAt) > Date.now() + 50 * 60_000, 'an hour after the first attempt');
    assert.equal(event.lastAttemptedAt, event.attempts[0].attemptedAt);
    return event.attempts[0];
  }

  it('counts a 204 as not received', async () => {
    const attempt = assertFailedOnce(await deliverAnswered({ status: 204 }));
    assert.equal(attempt.responseStatus, 204);
    assert.match(attempt.error, /204/);
  });

  it('does not follow a redirect, and counts it as a failure', async () => {
    const attempt = assertFailedOnce(await deliverAnswered({ status: 301, headers: { location: `${redirectTarget.url}/moved` } }));
    assert.equal(attempt.responseStatus, 301);
    await sleep(300);
    assert.equal(redirectTarget.requests.length, 0, 'the redirect target saw nothing');
  });

  it('records a 500', async () => {
    const attempt = assertFailedOnce(await deliverAnswered({ status: 500, body: 'oops' }));
    assert.equal(attempt.responseStatus, 500);
    assert.match(attempt.error, /500/);
  });

  it('gives up on a receiver that hangs past DELIVERY_TIMEOUT', async () => {
    const attempt = assertFailedOnce(await deliverAnswered('hang'));
    assert.equal(attempt.responseStatus, null);
    assert.match(attempt.error, /^timeout/);
    assert.ok(attempt.responseDurationMs >= 450, `waited about the timeout (${attempt.responseDurationMs} ms)`);
  });

  it('records a refused connection', async () => {
    const unreachable = await createClient(service, { sandbox: `http://127.0.0.1:${await closedPort()}/data` });
    const attempt = assertFailedOnce(await deliverAnswered(undefined, unreachable));
    assert.equal(attempt.responseStatus, null);
    assert.match(attempt.error, /^connection_refused/);
  });

  it('counts 200, 201 and 202 as received', async () => {
    for (const status of [200, 201, 202]) {
      const event = await deliverAnswered({ status });
      assert.equal(event.status, 'Success');
      assert.equal(event.nextAttemptAt, null);
      assert.equal(event.attempts[0].responseStatus, status);
      assert.equal(event.attempts[0].error, null);
    }
  });

  it('makes a scheduled attempt once however often its message comes, and exhausts after the last one', async () => {
    const event = await deliverAnswered({ status: 500 });
    const id = event.id;
    const ref = { documentId: id, clientId: client.id, environment: 'sandbox' as const };
    const publish = (...events: ReturnType<typeof createEvent>[]) =>
      service.app.get(DataSource).transaction((tx) => service.app.get(EventBus).publish(tx, ...events));
    // Attempt 1 is recorded: a repeated document.received or retry.due for it sends nothing.
    await publish(createEvent('document.received', ref), createEvent('retry.due', { ...ref, attempt: 1 }));
    await sleep(500);
    assert.equal(receiver.requests.filter((request) => request.json?.id === id).length, 1);

    // The retry (attempt 2, the last of a one-offset schedule) published twice, with the deterministic id
    // the Retry module gives it: one POST.
    const retryId = randomUUID();
    await publish(createEvent('retry.due', { ...ref, attempt: 2 }, { id: retryId }), createEvent('retry.due', { ...ref, attempt: 2 }, { id: retryId }));
    const stored = await eventually(async () => {
      const response = await service.request('GET', `/webhooks/v1/events/${id}`, { headers: bearer(client.apiKey) });
      assert.equal(response.body.status, 'Failed');
      return response.body;
    });
    const requests = receiver.requests.filter((request) => request.json?.id === id);
    assert.deepEqual(requests.map((request) => request.headers['x-delivery-attempt']), ['1', '2']);
    assert.deepEqual(stored.attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'retry']);
    assert.equal(stored.nextAttemptAt, null);
    assert.ok(stored.rejected, 'the exhausted document waits in the rejected bucket');
  });
});
