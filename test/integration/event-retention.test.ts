import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, requestsFor, submitDocument, waitUntilStored, type CreatedClient } from '../e2e/rejected-support.js';

/** Partitions of one second, kept six: a document's record is gone some seven seconds after it was received. */
const SHORT_LIFETIMES = { PARTITION_INTERVAL: '1s', EVENT_RETENTION: '6s', DELIVERED_RETENTION: '2s', RETRY_SCHEDULE: '100ms', SWEEP_INTERVAL: '200ms' };

/** Waits until the clock is past the one-second partition of `at`: what comes next lands in another partition. */
async function pastPartitionOf(at: number): Promise<void> {
  await eventually(() => assert.ok(Math.floor(Date.now() / 1000) > Math.floor(at / 1000)));
}

async function partitionStarts(dataSource: DataSource, table: string): Promise<number[]> {
  const rows: { from: Date }[] = await dataSource.query(
    `SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from"
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
    [table],
  );
  return rows.map((row) => new Date(row.from).getTime());
}

/**
 * EVENT_RETENTION, in seconds: a document's record, body and attempts go with their partition, dropped whole; what
 * RejectedStore keeps of a document in a bucket or the archive outlives it, listable, downloadable, resendable and
 * restorable; an id is recognised, and a user erased, across partitions.
 */
describe('event retention: whole partitions dropped, kept documents outlive them', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  const accepted = new Set<string>();

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => (accepted.has(String(request.headers['webhook-id'])) ? { status: 200 } : { status: 500 }));
    service = await TestService.start(environment, { ...SHORT_LIFETIMES, RETENTION_SANDBOX: '1h', RETENTION_PRODUCTION: '1s', ARCHIVE_RETENTION: '1h' });
    client = await createClient(service, { sandbox: `${receiver.url}/sandbox`, production: `${receiver.url}/production` });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  const delivered = async (id: string) => {
    accepted.add(id);
    await eventually(async () => assert.equal((await service.request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR })).body.status, 'Success'));
  };

  it('recognises a repeated id across partitions and answers a conflicting one with a 409, delivering it once', async () => {
    const id = randomUUID();
    accepted.add(id);
    const body = { id, clientId: client.id, environment: 'sandbox', kind: 'event', type: 't', userId: 'u-repeat', data: { n: 1 } };
    assert.equal((await service.request('POST', '/v1/documents', { body, headers: PRODUCER })).status, 202);
    await pastPartitionOf(Date.now());
    const again = await service.request('POST', '/v1/documents', { body: { ...body, data: { n: 1 } }, headers: PRODUCER });
    assert.ok([200, 202].includes(again.status), JSON.stringify(again.body));
    assert.equal(again.body.id, id);
    assert.equal((await service.request('POST', '/v1/documents', { body: { ...body, data: { n: 2 } }, headers: PRODUCER })).status, 409);
    assert.equal((await service.request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR })).status, 200);
    await delivered(id);
    assert.equal(requestsFor(receiver.requests, id).length, 1, 'delivered once');
    const [{ count }] = await service.app.get(DataSource).query('SELECT count(*)::int AS count FROM documents WHERE id = $1', [id]);
    assert.equal(count, 1, 'one record, whatever the partition the repeat came in');
  });

  it('drops delivered documents with their partitions, while a stored one stays listable, downloadable and resendable', async () => {
    const dataSource = service.app.get(DataSource);
    const deliveredId = await submitDocument(service, client.id, 'sandbox', { userId: 'u-old' });
    await delivered(deliveredId);
    const stored = await submitDocument(service, client.id, 'sandbox', { userId: 'u-old', data: { kept: true } });
    await waitUntilStored(service, stored);
    const oldest = Math.min(...(await partitionStarts(dataSource, 'documents')));

    // Past EVENT_RETENTION: the events API forgets both at once, and maintenance drops their partitions.
    await eventually(
      async () => {
        assert.equal((await service.request('GET', `/webhooks/v1/events/${deliveredId}`, { headers: OPERATOR })).status, 404);
        assert.equal((await service.request('GET', `/webhooks/v1/events/${stored}`, { headers: OPERATOR })).status, 404);
        for (const table of ['documents', 'document_bodies', 'delivery_attempts']) assert.ok(Math.min(...(await partitionStarts(dataSource, table))) > oldest, `${table}'s old partitions dropped`);
        const [{ left }] = await dataSource.query('SELECT count(*)::int AS left FROM documents WHERE id = ANY($1)', [[deliveredId, stored]]);
        assert.equal(left, 0);
      },
      { timeoutMs: 20_000 },
    );

    const listed = await service.request('GET', '/v1/rejected?environment=sandbox', { headers: client.headers });
    assert.ok(listed.body.items.some((item: { id: string }) => item.id === stored), 'still listed');
    const downloaded = await service.request('GET', `/v1/rejected/${stored}`, { headers: client.headers });
    assert.equal(downloaded.status, 200);
    assert.deepEqual(downloaded.body.data, { kept: true });
    accepted.add(stored);
    const resent = await service.request('POST', `/v1/rejected/${stored}/resend`, { headers: client.headers });
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.equal(resent.body.delivered, true);
    const attempts = requestsFor(receiver.requests, stored).map((request) => Number(request.headers['x-delivery-attempt']));
    assert.deepEqual(attempts, [1, 2, 3], 'the initial attempt, its one retry, then the resend, numbered after them');
    const after = await service.request('GET', '/v1/rejected?environment=sandbox', { headers: client.headers });
    assert.ok(!after.body.items.some((item: { id: string }) => item.id === stored), 'delivered: no longer waiting');
  });

  it('restores an archived document whose record is gone, listed and resendable again', async () => {
    const archived = await submitDocument(service, client.id, 'production', { userId: 'u-archive', data: { archived: true } });
    await waitUntilStored(service, archived);
    // RETENTION_PRODUCTION is a second: the sweep moves it to the archive; then EVENT_RETENTION takes its record.
    await eventually(async () => assert.equal((await service.request('GET', `/webhooks/v1/events/${archived}`, { headers: OPERATOR })).status, 404), { timeoutMs: 20_000 });

    const requested = await service.request('POST', '/v1/archive/restore', { body: { clientId: client.id, environment: 'production', ids: [archived] }, headers: OPERATOR });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    await eventually(async () => {
      const job = await service.request('GET', `/v1/archive/restore/${requested.body.jobId}`, { headers: OPERATOR });
      assert.deepEqual({ state: job.body.state, restored: job.body.restored }, { state: 'completed', restored: 1 });
    });
    const listed = await service.request('GET', '/v1/rejected?environment=production', { headers: client.headers });
    assert.ok(listed.body.items.some((item: { id: string }) => item.id === archived), 'waiting in the rejected bucket again');
    accepted.add(archived);
    const resent = await service.request('POST', `/v1/rejected/${archived}/resend`, { headers: client.headers });
    assert.equal(resent.body.delivered, true, JSON.stringify(resent.body));
  });

  it('erases a user whose documents span several partitions', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const posted = Date.now();
      ids.push(await submitDocument(service, client.id, 'sandbox', { userId: 'u-erased', data: { i } }));
      await pastPartitionOf(posted);
    }
    const dataSource = service.app.get(DataSource);
    const [{ spread }] = await dataSource.query('SELECT count(DISTINCT tableoid)::int AS spread FROM documents WHERE id = ANY($1)', [ids]);
    assert.ok(spread >= 2, `in ${spread} partitions`);
    const erasure = await service.request('POST', '/v1/erasures', { body: { userId: 'u-erased' }, headers: client.headers });
    assert.equal(erasure.status, 202);
    await eventually(async () => assert.equal((await service.request('GET', `/v1/erasures/${erasure.body.id}`, { headers: client.headers })).body.state, 'Done'));
    const done = (await service.request('GET', `/v1/erasures/${erasure.body.id}`, { headers: client.headers })).body;
    assert.equal(done.documents, 3);
    for (const id of ids) assert.equal((await service.request('GET', `/webhooks/v1/events/${id}`, { headers: client.headers })).status, 404);
    const [{ left }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM documents WHERE id = ANY($1)) + (SELECT count(*) FROM document_bodies WHERE document_id = ANY($1))
         + (SELECT count(*) FROM delivery_attempts WHERE document_id = ANY($1)) + (SELECT count(*) FROM rejected_documents WHERE document_id = ANY($1)) AS left`,
      [ids],
    );
    assert.equal(Number(left), 0);
  });
});
