import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Doorbells } from '../../libs/kernel/index.js';
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
    // The attempt is over and recorded: a redirect followed would have been part of it.
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

  it('sends nothing again when its wake-up job comes twice, late, or for the wrong time', async () => {
    const event = await deliverAnswered({ status: 500 });
    const requestsFor = () => receiver.requests.filter((request) => request.json?.id === event.id);
    const hookId = client.hooks.find((hook) => hook.environment === 'sandbox')!.id;
    // The ingest's own wake-up again, an alarm before the retry is due, and one with an id never used: each claims nothing.
    const doorbells = service.app.get(Doorbells);
    await doorbells.ringNow('delivery', [
      { jobId: `${hookId}:${event.id}`, data: { hookId } },
      { jobId: `${hookId}:at:${Date.now()}`, data: { hookId } },
      { jobId: `${hookId}:${randomUUID()}`, data: { hookId } },
    ]);
    // A document submitted after those rings is delivered: the lanes have moved past them.
    await deliverAnswered({ status: 200 });
    assert.equal(requestsFor().length, 1);
    const again = await service.request('GET', `/webhooks/v1/events/${event.id}`, { headers: bearer(client.apiKey) });
    assert.equal(again.body.attempts.length, 1);
    assert.equal(again.body.nextAttemptAt, event.nextAttemptAt, 'its retry is still due when Retry said');
  });
});
