import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { everyObject, rowsHolding } from './erasure-support.js';
import { createClient, type CreatedClient } from './notification-helpers.js';
import { eventOf, listRejected, submitDocument } from './rejected-support.js';

/**
 * An erasure removes one user's data everywhere: every document record whatever its state (delivered, waiting
 * in the bucket, archived, being delivered right now), their attempts, every object in every bucket, every
 * notification about the user; other users keep theirs, and the user's later documents are accepted as usual.
 */
describe('erasure of a user', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let stranger: CreatedClient;
  let headers: Record<string, string>;
  const erased = `erase-me-${randomUUID()}`;
  const keptUser = `keep-me-${randomUUID()}`;
  const marker = `body-marker-${randomUUID()}`;
  const ids: Record<string, string> = {};

  before(async () => {
    receiver = await Receiver.start();
    // `behaviour` in a document's data tells the receiver what to answer; notifications are accepted.
    receiver.answer((request) => {
      const behaviour = request.json?.data?.behaviour;
      if (request.path === '/notify' || behaviour === 'accept') return { status: 200 };
      return behaviour === 'hang' ? 'hang' : { status: 500 };
    });
    service = await TestService.start(environment, {
      RETRY_SCHEDULE: '100ms,200ms',
      RETENTION_SANDBOX: '1s',
      RETENTION_PRODUCTION: '1h',
      SWEEP_INTERVAL: '200ms',
      DELIVERY_TIMEOUT: '4s',
      // The erasure waits out the lease it took from the worker sending the document in flight.
      LEASE_DURATION: '3s',
    });
    const hooks = (path: string) => ({ dataWebhookUrl: `${receiver.url}/${path}`, notificationWebhookUrl: `${receiver.url}/notify` });
    client = await createClient(service, { sandbox: hooks('sandbox'), production: hooks('production') });
    stranger = await createClient(service, { sandbox: { dataWebhookUrl: `${receiver.url}/stranger` } });
    headers = { authorization: `Bearer ${client.apiKey}` };
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  const document = (environmentName: 'sandbox' | 'production', userId: string, behaviour: string) =>
    submitDocument(service, client.id, environmentName, { userId, data: { behaviour, marker: userId === erased ? marker : 'kept' } });
  const eventStatus = async (id: string) => (await service.request('GET', `/webhooks/v1/events/${id}`, { headers })).status;
  const erasure = (body: unknown, by: Record<string, string> = headers) => service.request('POST', '/v1/erasures', { body, headers: by });

  it("holds the user's data in every state first", async () => {
    ids.delivered = await document('sandbox', erased, 'accept');
    ids.waiting = await document('production', erased, 'refuse');
    ids.archived = await document('sandbox', erased, 'refuse');
    ids.keptWaiting = await document('production', keptUser, 'refuse');
    ids.keptDelivered = await document('sandbox', keptUser, 'accept');
    for (const [userId, id] of [erased, keptUser].map((userId) => [userId, randomUUID()])) {
      const posted = await service.request('POST', '/v1/domain-events', {
        body: { id, clientId: client.id, environment: 'sandbox', type: 'user.created', userId },
        headers: PRODUCER,
      });
      assert.equal(posted.status, 202);
    }
    await eventually(
      async () => {
        assert.equal((await eventOf(service, ids.delivered)).status, 'Success');
        assert.equal((await eventOf(service, ids.keptDelivered)).status, 'Success');
        assert.equal((await eventOf(service, ids.waiting)).rejected?.expired, undefined);
        assert.ok((await eventOf(service, ids.keptWaiting)).rejected);
        assert.equal((await eventOf(service, ids.archived)).rejected?.archived, true);
      },
      { timeoutMs: 20_000 },
    );
    // Being delivered right now: its receiver does not answer, so a worker holds it when the erasure comes.
    ids.inFlight = await document('production', erased, 'hang');
    await eventually(() => assert.ok(receiver.requests.some((request) => request.headers['webhook-id'] === ids.inFlight)));
    await eventually(async () => {
      const rows = await rowsHolding(service, [erased]);
      assert.ok(rows.notifications >= 3, `notifications about the user: ${JSON.stringify(rows)}`);
    });
    // Messages whose handler ran out of attempts are kept for a look; these name the user, and another one.
    for (const [userId, payload] of [erased, keptUser].flatMap((userId) => [
      [userId, { clientId: client.id, environment: 'sandbox', userId }],
      [userId, { hookId: randomUUID(), clientId: client.id, environment: 'sandbox', documents: [{ documentId: randomUUID(), kind: 'summary', type: 't', userId }] }],
    ])) {
      const envelope = { id: randomUUID(), type: 'user.created', occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, deliverAt: null, payload };
      await service.app
        .get(DataSource)
        .query(`INSERT INTO kernel_messages (event_id, actor, type, envelope, failed_at, last_error) VALUES ($1, 'test', 'user.created', $2, now(), $3)`, [
          envelope.id,
          JSON.stringify(envelope),
          `failed for ${userId}`,
        ]);
    }
  });

  it('refuses what a caller may not ask', async () => {
    const cases: [unknown, Record<string, string>, number][] = [
      [{ userId: erased, clientId: client.id }, { authorization: `Bearer ${stranger.apiKey}` }, 404],
      [{ userId: erased }, OPERATOR, 400],
      [{ userId: erased, clientId: randomUUID() }, OPERATOR, 404],
      [{ userId: '' }, headers, 400],
      [{ userId: erased, extra: true }, headers, 400],
      [{ userId: erased }, PRODUCER, 403],
      [{ userId: erased }, {}, 401],
    ];
    for (const [body, by, status] of cases) {
      const response = await erasure(body, by);
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${JSON.stringify(response.body)}`);
    }
    // Another client's key erases a user of its own, never this client's.
    const own = await erasure({ userId: erased }, { authorization: `Bearer ${stranger.apiKey}` });
    assert.equal(own.status, 202);
    await eventually(async () => {
      const done = await service.request('GET', `/v1/erasures/${own.body.id}`, { headers: { authorization: `Bearer ${stranger.apiKey}` } });
      assert.deepEqual(done.body, { id: own.body.id, userId: erased, state: 'Done', documents: 0, objects: 0, notifications: 0 });
    });
    assert.equal(await eventStatus(ids.delivered), 200, "this client's user is untouched");
    assert.equal((await service.request('GET', `/v1/erasures/${own.body.id}`, { headers })).status, 404, "another client's erasure is not found");
  });

  it("removes the user's documents, attempts, objects and notifications, and nothing of anyone else's", async () => {
    const objectsBefore = await everyObject(service);
    assert.ok(objectsBefore.some((object) => object.body.includes(marker)), 'the waiting and archived bodies are in buckets');

    const requested = await erasure({ userId: erased });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    assert.deepEqual(Object.keys(requested.body).sort(), ['id', 'state']);
    assert.equal(requested.body.state, 'Running');
    const done = await eventually(
      async () => {
        const response = await service.request('GET', `/v1/erasures/${requested.body.id}`, { headers });
        assert.equal(response.body.state, 'Done', JSON.stringify(response.body));
        return response.body;
      },
      { timeoutMs: 30_000 },
    );
    const requestsOfInFlight = receiver.requests.filter((request) => request.headers['webhook-id'] === ids.inFlight).length;
    assert.equal(done.userId, erased);
    assert.equal(done.documents, 4, 'delivered, waiting, archived and in flight');
    assert.equal(done.objects, 2, 'the waiting one in the rejected bucket, the archived one in the archive');
    assert.ok(done.notifications >= 3, `notifications removed: ${done.notifications}`);
    assert.deepEqual(await service.request('GET', `/v1/erasures/${requested.body.id}`, { headers: OPERATOR }).then((r) => r.body), done);

    for (const id of [ids.delivered, ids.waiting, ids.archived, ids.inFlight]) assert.equal(await eventStatus(id), 404, id);
    const listed = await service.request('GET', '/webhooks/v1/events?limit=100', { headers });
    assert.ok(!listed.body.items.some((item: { userId: string }) => item.userId === erased));
    assert.deepEqual((await listRejected(service, headers)).items.map((item) => item.id), [ids.keptWaiting]);

    // No row anywhere holds the user (but the erasure record, which names whom it erased) or a body; no object either.
    await eventually(async () => assert.deepEqual(await rowsHolding(service, [erased, marker, ...Object.values(ids).slice(0, 3), ids.inFlight]), { erasures: 2 }));
    const objects = await everyObject(service);
    assert.deepEqual(objects.filter((object) => object.body.includes(marker) || [ids.waiting, ids.archived, ids.inFlight].some((id) => object.path.includes(id))), []);
    assert.ok(objects.some((object) => object.path.includes(ids.keptWaiting)), "another user's object stays");
    assert.equal(await eventStatus(ids.keptDelivered), 200);
    const kept = await rowsHolding(service, [keptUser]);
    assert.ok(kept.notifications >= 2, JSON.stringify(kept));
    assert.equal(kept.kernel_messages, 2, "another user's failed messages stay");

    // A later document of the same user is accepted and delivered as usual; the cancelled one is never sent again.
    const later = await document('sandbox', erased, 'accept');
    await eventually(async () => assert.equal((await eventOf(service, later)).status, 'Success'));
    assert.equal(receiver.requests.filter((request) => request.headers['webhook-id'] === ids.inFlight).length, requestsOfInFlight);
  });
});
