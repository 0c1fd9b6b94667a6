import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import type { Environment } from '../../src/domain/environment.js';
import { createEvent, type EventCatalogue } from '../../src/domain/events.js';
import { RetentionSweep } from '../../src/modules/rejected-store/application/retention-sweep.js';
import { eventually } from '../support/eventually.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

/** The rejected store alone: delivery facts published straight onto the app's event bus. */
describe('rejected store: storage, removal and the retention sweep', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let s3: S3Client;
  const clientId = randomUUID();

  before(async () => {
    // Sandbox documents outlive their retention quickly; the timed sweep is kept out of the way
    // so the test drives sweeps itself.
    service = await TestService.start(environment, { RETENTION_SANDBOX: '1s', RETENTION_PRODUCTION: '1h', SWEEP_INTERVAL: '1h' });
    s3 = service.app.get(S3Client);
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  function exhausted(overrides: Partial<EventCatalogue['delivery.exhausted']> & { environment: Environment }) {
    const documentId = overrides.documentId ?? randomUUID();
    return createEvent('delivery.exhausted', {
      documentId,
      clientId,
      kind: 'summary',
      type: 'physical_summary',
      userId: 'user-ü 1',
      hookId: randomUUID(),
      attempts: 4,
      reason: 'retries_exhausted',
      body: {
        id: documentId,
        kind: 'summary',
        type: 'physical_summary',
        environment: overrides.environment,
        user_id: 'user-ü 1',
        created_at: '2026-01-10T08:00:00.000Z',
        data: { steps: 1234, nested: { heart_rate: [60, 61] } },
      },
      ...overrides,
    });
  }

  async function publish(...events: ReturnType<typeof createEvent>[]) {
    const bus = service.app.get(EventBus);
    await service.app.get(DataSource).transaction((tx) => bus.publish(tx, ...events));
  }

  async function row(documentId: string) {
    const [found] = await service.app.get(DataSource).query('SELECT * FROM rejected_documents WHERE document_id = $1', [documentId]);
    return found as Record<string, any> | undefined;
  }

  async function readObject(bucket: string, key: string) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { text: await object.Body!.transformToString('utf8'), contentType: object.ContentType, metadata: object.Metadata };
  }

  async function objectExists(bucket: string, key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  it('stores an exhausted document as delivered, under its client, kind and day, with its expiry', async () => {
    const event = exhausted({ environment: 'production' });
    const before = Date.now();
    await publish(event);
    const stored = await eventually(async () => {
      const found = await row(event.payload.documentId);
      assert.ok(found, 'stored');
      return found;
    });
    const day = new Date(stored.stored_at).toISOString().slice(0, 10).replaceAll('-', '/');
    assert.equal(stored.bucket, service.config.rejectedBuckets.production);
    assert.equal(stored.key, `${clientId}/summary/${day}/${event.payload.documentId}.json`);
    assert.ok(new Date(stored.stored_at).getTime() >= before);
    assert.equal(new Date(stored.expires_at).getTime() - new Date(stored.stored_at).getTime(), 3600_000);
    assert.equal(stored.attempts, 4);

    const object = await readObject(stored.bucket, stored.key);
    assert.deepEqual(JSON.parse(object.text), event.payload.body);
    assert.equal(object.contentType, 'application/json');
    assert.equal(object.metadata?.['document-id'], event.payload.documentId);
    assert.equal(object.metadata?.['client-id'], clientId);
    assert.equal(decodeURIComponent(object.metadata?.['user-id'] ?? ''), 'user-ü 1');
    assert.equal(object.metadata?.['type'], 'physical_summary');
    assert.equal(object.metadata?.['expires-at'], new Date(stored.expires_at).toISOString());
  });

  it('stores a document once however often its exhaustion is reported', async () => {
    const first = exhausted({ environment: 'production' });
    await publish(first);
    const stored = await eventually(async () => {
      const found = await row(first.payload.documentId);
      assert.ok(found);
      return found;
    });
    // The same fact again under another message id, as after a redelivered outbox row.
    await publish(exhausted({ environment: 'production', documentId: first.payload.documentId }));
    const marker = exhausted({ environment: 'production' });
    await publish(marker);
    await eventually(async () => assert.ok(await row(marker.payload.documentId)));
    const again = await row(first.payload.documentId);
    assert.equal(new Date(again!.stored_at).toISOString(), new Date(stored.stored_at).toISOString());
    assert.equal(again!.key, stored.key);
  });

  it('keeps sandbox and production in their own buckets with their own retentions', async () => {
    const sandbox = exhausted({ environment: 'sandbox' });
    const production = exhausted({ environment: 'production' });
    await publish(sandbox, production);
    const [s, p] = await eventually(async () => {
      const rows = [await row(sandbox.payload.documentId), await row(production.payload.documentId)];
      assert.ok(rows[0] && rows[1]);
      return rows as Record<string, any>[];
    });
    assert.equal(s.bucket, service.config.rejectedBuckets.sandbox);
    assert.equal(p.bucket, service.config.rejectedBuckets.production);
    assert.notEqual(s.bucket, p.bucket);
    assert.equal(new Date(s.expires_at).getTime() - new Date(s.stored_at).getTime(), 1000);
    assert.equal(new Date(p.expires_at).getTime() - new Date(p.stored_at).getTime(), 3600_000);
    assert.ok(await objectExists(s.bucket, s.key));
    assert.ok(await objectExists(p.bucket, p.key));
  });

  it('takes a document out of the bucket when it is delivered after all', async () => {
    const event = exhausted({ environment: 'production' });
    await publish(event);
    const stored = await eventually(async () => {
      const found = await row(event.payload.documentId);
      assert.ok(found);
      return found;
    });
    const { documentId, environment: env, kind, type, userId } = event.payload;
    await publish(
      createEvent('delivery.succeeded', { documentId, clientId, environment: env, kind, type, userId, hookId: randomUUID(), attempt: 5, trigger: 'redeliver', deliveryId: randomUUID() }),
    );
    await eventually(async () => assert.ok((await row(documentId))?.removed_at, 'marked removed'));
    assert.equal(await objectExists(stored.bucket, stored.key), false);
    const listed = await service.request('GET', `/v1/rejected?clientId=${clientId}&environment=production&limit=500`, { headers: OPERATOR });
    assert.equal(listed.status, 200);
    assert.ok(!listed.body.items.some((item: { id: string }) => item.id === documentId));
  });

  it('expires each document once when two sweeps run at the same time', async () => {
    const events = Array.from({ length: 150 }, () => exhausted({ environment: 'sandbox' }));
    await publish(...events);
    const ids = events.map((event) => event.payload.documentId);
    const dataSource = service.app.get(DataSource);
    await eventually(
      async () => {
        const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM rejected_documents WHERE document_id = ANY($1)', [ids]);
        assert.equal(count, ids.length);
      },
      { timeoutMs: 30_000 },
    );
    // Every sandbox document stored so far is past its 1s retention a little later.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [{ due }] = await dataSource.query(
      'SELECT count(*)::int AS due FROM rejected_documents WHERE expires_at <= now() AND expired_at IS NULL AND removed_at IS NULL',
    );
    assert.ok(due >= ids.length);

    const sweep = service.app.get(RetentionSweep);
    const [first, second] = await Promise.all([sweep.sweep(), sweep.sweep()]);
    assert.equal(first + second, due, `the two sweeps expired ${first} and ${second}, together every due document once`);

    const rows: Record<string, any>[] = await dataSource.query('SELECT * FROM rejected_documents WHERE document_id = ANY($1)', [ids]);
    assert.ok(rows.every((r) => r.expired_at !== null));
    for (const r of rows.slice(0, 10)) assert.equal(await objectExists(r.bucket, r.key), false);
    assert.equal(await sweep.sweep(), 0, 'nothing is left to expire');
    const listed = await service.request('GET', `/v1/rejected?clientId=${clientId}&environment=sandbox`, { headers: OPERATOR });
    assert.deepEqual(listed.body.items, []);
  });

  it('sweeps in worker processes only', async () => {
    assert.ok(service.app.get(SchedulerRegistry).getIntervals().includes('rejected-store:retention-sweep'));
    const api = await TestService.start(environment, { ROLE: 'api', SWEEP_INTERVAL: '1h' });
    try {
      assert.deepEqual(api.app.get(SchedulerRegistry).getIntervals(), []);
    } finally {
      await api.stop();
    }
  });
});
