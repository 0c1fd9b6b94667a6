import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { sampleValue } from '../support/metrics-text.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

const TABLES = ['documents', 'document_bodies', 'delivery_attempts', 'notifications', 'domain_event_receipts'];

async function partitionsOf(dataSource: DataSource, table: string): Promise<{ name: string; from: Date; to: Date }[]> {
  return dataSource.query(
    `SELECT c.relname AS name, b.bounds[1]::timestamptz AS "from", b.bounds[2]::timestamptz AS "to" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') AS b(bounds)
     WHERE i.inhparent = $1::regclass ORDER BY 2`,
    [table],
  );
}

describe('time partitions: made ahead, never missing for an ingest', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    receiver = await Receiver.start();
    service = await TestService.start(environment, { PARTITION_INTERVAL: '1h', EVENT_RETENTION: '6h', DELIVERED_RETENTION: '1h', RETRY_SCHEDULE: '1m' });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  it('has partitions of every growing table from now until two intervals ahead, and says how far they reach', async () => {
    const dataSource = service.app.get(DataSource);
    for (const table of TABLES) {
      const partitions = await partitionsOf(dataSource, table);
      assert.ok(partitions[0].from.getTime() <= Date.now(), `${table} has a partition for now`);
      assert.ok(partitions.at(-1)!.to.getTime() >= Date.now() + 2 * 3_600_000 - 60_000, `${table} reaches two hours ahead`);
      for (let i = 1; i < partitions.length; i++) assert.deepEqual(partitions[i].from, partitions[i - 1].to, `${table}'s partitions leave no gap`);
    }
    const metrics = (await service.request('GET', '/metrics')).body as string;
    for (const table of TABLES) assert.ok(sampleValue(metrics, 'db_partitions_ahead_seconds', { table })! > 3_600, `${table} ahead by more than an interval`);
  });

  it('takes a document when the partition of its time went missing, making it on the spot', async () => {
    const dataSource = service.app.get(DataSource);
    // As if maintenance had fallen behind: every partition of documents from now on is gone.
    for (const { name, to } of await partitionsOf(dataSource, 'documents')) {
      if (to.getTime() > Date.now()) await dataSource.query(`ALTER TABLE documents DETACH PARTITION "${name}"; DROP TABLE "${name}"`);
    }
    const client = await service.request('POST', '/v1/clients', { body: { name: 'late', environments: { sandbox: { dataWebhookUrl: receiver.url } } }, headers: OPERATOR });
    const posted = await service.request('POST', '/v1/documents', {
      body: { clientId: client.body.id, environment: 'sandbox', kind: 'event', type: 't', userId: 'u', data: { n: 1 } },
      headers: PRODUCER,
    });
    assert.equal(posted.status, 202);
    await eventually(() => assert.equal(receiver.requests.filter((request) => request.headers['webhook-id'] === posted.body.id).length, 1));
    assert.ok((await partitionsOf(dataSource, 'documents')).some(({ from, to }) => from.getTime() <= Date.now() && to.getTime() > Date.now()));
  });
});
