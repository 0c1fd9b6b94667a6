import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ensureDatabase } from '../../src/infrastructure/database/ensure-database.js';
import { MIGRATIONS } from '../../src/infrastructure/database/migrations/index.js';
import { TimePartitionedDocuments1796100000000 } from '../../src/infrastructure/database/migrations/1796100000000-TimePartitionedDocuments.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

const DAY = 86_400_000;

/**
 * The upgrade to time partitions keeps every row: a database migrated up to the version before, filled the way that
 * version filled it (pending, delivered, purged, stored and archived documents with their attempts, notifications,
 * receipts), then migrated on; the service started on it shows and delivers what it had.
 */
describe('upgrading to time partitions keeps the data', () => {
  const environment = new TestEnvironment();
  let dataSource: DataSource;
  let receiver: Receiver;
  let service: TestService | undefined;
  const clientId = randomUUID();
  const hookId = randomUUID();
  const ids = { pending: randomUUID(), delivered: randomUUID(), purged: randomUUID(), waiting: randomUUID(), archived: randomUUID() };
  const upToPartitions = MIGRATIONS.indexOf(TimePartitionedDocuments1796100000000);

  before(async () => {
    receiver = await Receiver.start();
    await ensureDatabase(environment.databaseUrl);
    dataSource = new DataSource({ type: 'postgres', url: environment.databaseUrl, migrations: MIGRATIONS.slice(0, upToPartitions) });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await fillAsTheOldVersionDid();
  });

  after(async () => {
    await service?.stop();
    await dataSource.destroy();
    await receiver.close();
    await environment.destroy();
  });

  async function fillAsTheOldVersionDid(): Promise<void> {
    await dataSource.query(`INSERT INTO clients (id, name, api_key_hash) VALUES ($1, 'old', $2)`, [clientId, randomUUID()]);
    await dataSource.query(`INSERT INTO hooks (id, client_id, environment, kind, url, signing_secret) VALUES ($1, $2, 'sandbox', 'data', $3, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`, [
      hookId,
      clientId,
      receiver.url,
    ]);
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const document = (id: string, createdAt: Date, fields: string, values: unknown[]) =>
      dataSource.query(
        `INSERT INTO documents (id, client_id, hook_id, environment, kind, type, user_id, content_hash, created_at${fields ? `, ${fields}` : ''})
         VALUES ($1, $2, $3, 'sandbox', 'summary', 'physical_summary', 'user-1', 'hash', $4${values.map((_, i) => `, $${i + 5}`).join('')})`,
        [id, clientId, hookId, createdAt, ...values],
      );
    await document(ids.pending, ago(0), `status, data, attempts, scheduled_attempts, next_attempt_at`, ['Pending', '{"steps":1}', 1, 1, ago(0)]);
    await document(ids.delivered, ago(2), `status, data, attempts, last_attempted_at`, ['Success', '{"steps":2}', 1, ago(2)]);
    await document(ids.purged, ago(20), `status, attempts, last_attempted_at, body_purged_at`, ['Success', 1, ago(20), ago(13)]);
    const stored = `status, attempts, rejected_bucket, rejected_key, stored_at, expires_at, expired_at, archived`;
    await document(ids.waiting, ago(1), stored, ['Failed', 4, 'rejected-sandbox', 'w.json', ago(1), new Date(Date.now() + 2 * DAY), null, false]);
    await document(ids.archived, ago(9), stored, ['Failed', 4, 'rejected-sandbox', 'a.json', ago(8), ago(5), ago(5), true]);
    for (const [id, at] of [[ids.delivered, ago(2)], [ids.purged, ago(20)], [ids.pending, ago(0)]] as const) {
      await dataSource.query(
        `INSERT INTO delivery_attempts (delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at, response_status, response_duration_ms)
         VALUES ($1, $2, 1, 1, 'initial', $3, $4, $5, 12)`,
        [randomUUID(), id, hookId, at, id === ids.pending ? 500 : 200],
      );
    }
    await dataSource.query(
      `INSERT INTO notifications (id, client_id, environment, type, category, user_id, body, status, created_at) VALUES ($1, $2, 'sandbox', 'user.created', 'user_management', 'user-1', '{}', 'delivered', $3)`,
      [randomUUID(), clientId, ago(3)],
    );
    await dataSource.query(`INSERT INTO domain_event_receipts (id, type, client_id, environment, received_at) VALUES ($1, 'user.created', $2, 'sandbox', $3)`, [
      randomUUID(),
      clientId,
      ago(3),
    ]);
  }

  it('moves every row into the new tables, in partitions of their time', async () => {
    dataSource.setOptions({ migrations: MIGRATIONS });
    await dataSource.destroy();
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });

    const count = async (sql: string, params: unknown[] = []) => Number((await dataSource.query(sql, params))[0].count);
    assert.equal(await count('SELECT count(*) FROM documents'), 5);
    assert.ok((await count('SELECT count(DISTINCT tableoid) FROM documents')) >= 3, 'from twenty days ago to now: three weekly partitions at least');
    assert.equal(await count('SELECT count(*) FROM delivery_queue WHERE document_id = $1', [ids.pending]), 1, 'the pending one is queued');
    assert.equal(await count('SELECT count(*) FROM delivery_queue'), 1);
    assert.equal(await count('SELECT count(*) FROM document_bodies WHERE data IS NOT NULL'), 2, 'the pending and the delivered bodies');
    assert.equal(await count('SELECT count(*) FROM document_bodies WHERE document_id = $1 AND purged_at IS NOT NULL', [ids.purged]), 1);
    assert.equal(await count('SELECT count(*) FROM delivery_attempts WHERE accepted'), 2);
    assert.equal(await count('SELECT count(*) FROM rejected_documents WHERE expired_at IS NULL AND document_id = $1', [ids.waiting]), 1);
    assert.equal(await count('SELECT count(*) FROM rejected_documents WHERE archived AND document_id = $1', [ids.archived]), 1);
    assert.equal(await count('SELECT count(*) FROM documents WHERE stored'), 2);
    assert.equal(await count('SELECT count(*) FROM notifications'), 1);
    assert.equal(await count('SELECT count(*) FROM domain_event_receipts'), 1);
    for (const table of ['documents_unpartitioned', 'delivery_attempts_unpartitioned', 'notifications_unpartitioned', 'domain_event_receipts_unpartitioned']) {
      assert.equal(await count(`SELECT count(*) FROM pg_class WHERE relname = $1`, [table]), 0, `${table} is gone`);
    }
  });

  it('serves what it had: events, the rejected list, and the pending document delivered', async () => {
    service = await TestService.start(environment, {});
    await eventually(() => assert.equal(receiver.requests.filter((request) => request.headers['webhook-id'] === ids.pending).length, 1));
    const pending = await eventually(async () => {
      const event = (await service!.request('GET', `/webhooks/v1/events/${ids.pending}`, { headers: OPERATOR })).body;
      assert.equal(event.status, 'Success');
      return event;
    });
    assert.deepEqual(
      pending.attempts.map((attempt: { trigger: string }) => attempt.trigger),
      ['initial', 'retry'],
    );
    const purged = (await service.request('GET', `/webhooks/v1/events/${ids.purged}`, { headers: OPERATOR })).body;
    assert.ok(purged.bodyPurgedAt, 'its body stays purged');
    const archived = (await service.request('GET', `/webhooks/v1/events/${ids.archived}`, { headers: OPERATOR })).body;
    assert.deepEqual({ expired: archived.rejected.expired, archived: archived.rejected.archived }, { expired: true, archived: true });
    const listed = await service.request('GET', `/v1/rejected?clientId=${clientId}`, { headers: OPERATOR });
    assert.deepEqual(
      listed.body.items.map((item: { id: string }) => item.id),
      [ids.waiting],
    );
  });
});
