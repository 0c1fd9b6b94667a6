import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import { createEvent } from '../../src/domain/events.js';
import { RejectedBucket, type DocumentToStore } from '../../src/domain/ports/rejected-bucket.js';
import { RejectedObjects } from '../../src/modules/rejected-store/application/ports/rejected-objects.js';
import { RetentionSweep } from '../../src/modules/rejected-store/application/retention-sweep.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

/** The rejected store: what it writes to the buckets, its retention sweep, and the clean-up after a delivery from the bucket. */
describe('rejected store: buckets, retention sweep, clean-up', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let s3: S3Client;
  const clientId = randomUUID();

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer({ status: 500 });
    // Sandbox documents outlive their retention quickly; the timed sweep is kept out of the way so the test drives sweeps itself.
    service = await TestService.start(environment, { RETENTION_SANDBOX: '1s', RETENTION_PRODUCTION: '1h', SWEEP_INTERVAL: '1h', RETRY_SCHEDULE: '50ms' });
    s3 = service.app.get(S3Client);
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  function document(environment: 'sandbox' | 'production'): DocumentToStore {
    const documentId = randomUUID();
    const body = JSON.stringify({ id: documentId, kind: 'summary', type: 'physical_summary', environment, user_id: 'user-ü 1', created_at: '2026-01-10T08:00:00.000Z', data: { a: '\u0000' } });
    return { documentId, clientId, environment, kind: 'summary', type: 'physical_summary', userId: 'user-ü 1', body };
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

  it('writes a document, as delivered, to its environment bucket under its client, kind and day, with its expiry', async () => {
    const production = document('production');
    const before = Date.now();
    const { stored, failed } = await service.app.get(RejectedBucket).store([production]);
    assert.deepEqual(failed, []);
    const [object] = stored;
    const day = object.storedAt.toISOString().slice(0, 10).replaceAll('-', '/');
    assert.equal(object.bucket, service.config.rejectedBuckets.production);
    assert.equal(object.key, `${clientId}/summary/${day}/${production.documentId}.json`);
    assert.ok(object.storedAt.getTime() >= before);
    assert.equal(object.expiresAt.getTime() - object.storedAt.getTime(), 3600_000);

    const read = await readObject(object.bucket, object.key);
    assert.equal(read.text, production.body, 'byte for byte what was delivered');
    assert.equal(read.contentType, 'application/json');
    assert.equal(read.metadata?.['document-id'], production.documentId);
    assert.equal(read.metadata?.['client-id'], clientId);
    assert.equal(decodeURIComponent(read.metadata?.['user-id'] ?? ''), 'user-ü 1');
    assert.equal(read.metadata?.['expires-at'], object.expiresAt.toISOString());
  });

  it('keeps sandbox and production in their own buckets with their own retentions', async () => {
    const { stored } = await service.app.get(RejectedBucket).store([document('sandbox'), document('production')]);
    const [sandbox, production] = stored.sort((a, b) => a.bucket.localeCompare(b.bucket)).reverse();
    assert.equal(sandbox.bucket, service.config.rejectedBuckets.sandbox);
    assert.equal(production.bucket, service.config.rejectedBuckets.production);
    assert.equal(sandbox.expiresAt.getTime() - sandbox.storedAt.getTime(), 1000);
    assert.equal(production.expiresAt.getTime() - production.storedAt.getTime(), 3600_000);
    assert.ok((await objectExists(sandbox.bucket, sandbox.key)) && (await objectExists(production.bucket, production.key)));
  });

  it('removes the object of a document delivered from the bucket, however often it is told', async () => {
    const [object] = (await service.app.get(RejectedBucket).store([document('production')])).stored;
    const delivered = createEvent('delivery.succeeded', {
      hookId: randomUUID(),
      clientId,
      environment: 'production',
      documents: [
        {
          documentId: object.documentId,
          kind: 'summary',
          type: 'physical_summary',
          userId: 'u',
          attempt: 5,
          trigger: 'redeliver',
          deliveryId: randomUUID(),
          fromBucket: { bucket: object.bucket, key: object.key },
        },
      ],
    });
    await service.app.get(DataSource).transaction((tx) => service.app.get(EventBus).publish(tx, delivered, { ...delivered, id: randomUUID() }));
    await eventually(async () => assert.equal(await objectExists(object.bucket, object.key), false));
  });

  it('lets one sweep at a time move documents: a second started beside it moves none', async () => {
    const created = await service.request('POST', '/v1/clients', { body: { name: 'sweep', environments: { sandbox: { dataWebhookUrl: receiver.url } } }, headers: OPERATOR });
    const documents = Array.from({ length: 150 }, (_, i) => ({ clientId: created.body.id, environment: 'sandbox', kind: 'event', type: 't', userId: `u${i}`, data: {} }));
    const ingested = await service.request('POST', '/v1/documents/batch', { body: { documents }, headers: OPERATOR });
    assert.equal(ingested.status, 202);
    const ids: string[] = ingested.body.ids;
    const dataSource = service.app.get(DataSource);
    // Stored (each after two failed attempts), then past its 1 s retention.
    await eventually(
      async () => {
        const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM rejected_documents WHERE document_id = ANY($1) AND expires_at <= now()`, [ids]);
        assert.equal(count, ids.length);
      },
      { timeoutMs: 30_000 },
    );
    const sweep = service.app.get(RetentionSweep);
    // Every copy to the archive is counted (and made, in the real S3): without the lock both sweeps would copy the same objects.
    const objects = service.app.get(RejectedObjects, { strict: false });
    const copy = objects.copy.bind(objects);
    const copies = new Map<string, number>();
    objects.copy = (from, ...rest) => {
      copies.set(from.key, (copies.get(from.key) ?? 0) + 1);
      return copy(from, ...rest);
    };
    const [first, second] = await Promise.all([sweep.sweep(), sweep.sweep()]).finally(() => (objects.copy = copy));
    assert.deepEqual([first.expired, second.expired].sort((a, b) => a - b), [0, ids.length], `the two sweeps expired ${first.expired} and ${second.expired}`);
    assert.equal(copies.size, ids.length);
    assert.ok([...copies.values()].every((count) => count === 1), 'each object was moved by one sweep only');

    const rows: { expired_at: Date | null; rejected_bucket: string; rejected_key: string }[] = await dataSource.query(
      'SELECT expired_at, bucket AS rejected_bucket, key AS rejected_key FROM rejected_documents WHERE document_id = ANY($1)',
      [ids],
    );
    assert.ok(rows.every((row) => row.expired_at !== null));
    for (const row of rows.slice(0, 10)) assert.equal(await objectExists(row.rejected_bucket, row.rejected_key), false);
    assert.equal((await sweep.sweep()).expired, 0, 'nothing is left to expire, and nothing was counted twice');
    const listed = await service.request('GET', `/v1/rejected?clientId=${created.body.id}&environment=sandbox`, { headers: OPERATOR });
    assert.deepEqual(listed.body.items, []);
  });

  it('sweeps in worker processes only', async () => {
    assert.ok(service.app.get(SchedulerRegistry).getIntervals().includes('rejected-store:retention-sweep'));
    assert.ok(service.app.get(SchedulerRegistry).getIntervals().includes('delivery:body-retention'));
    const api = await TestService.start(environment, { ROLE: 'api', SWEEP_INTERVAL: '1h' });
    try {
      assert.deepEqual(api.app.get(SchedulerRegistry).getIntervals(), []);
    } finally {
      await api.stop();
    }
  });
});
