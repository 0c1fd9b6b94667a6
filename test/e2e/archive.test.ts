import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, type CreatedClient } from './notification-helpers.js';
import { eventOf, listRejected, objectExists, readObject, submitDocument } from './rejected-support.js';

/**
 * The life of a rejected document after its retention, end to end, in seconds: the sweep moves it to the
 * archive; an operator restores it, back in the rejected bucket with a fresh retention, announced, listed
 * and resendable; the archive deletes what outlived ARCHIVE_RETENTION, and ARCHIVE_RETENTION=0 archives nothing.
 * Each phase restarts the service on the same database and buckets with the durations it needs.
 */
describe('archive: retention, archive, restore, resend', () => {
  const environment = new TestEnvironment();
  const archiveBucket = `${environment.id}-archive`;
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;
  let headers: Record<string, string>;
  const accepted = new Set<string>();

  const start = async (overrides: Record<string, string>) => {
    await service?.stop();
    service = await TestService.start(environment, { RETRY_SCHEDULE: '100ms', SWEEP_INTERVAL: '200ms', RECONCILE_INTERVAL: '500ms', ...overrides });
  };

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => (request.path === '/notify' || accepted.has(String(request.headers['webhook-id'])) ? { status: 200 } : { status: 500 }));
    await start({ RETENTION_SANDBOX: '1s', ARCHIVE_RETENTION: '1h', ARCHIVE_STORAGE_CLASS: 'STANDARD_IA' });
    client = await createClient(service, { sandbox: { dataWebhookUrl: `${receiver.url}/data`, notificationWebhookUrl: `${receiver.url}/notify` } });
    headers = { authorization: `Bearer ${client.apiKey}` };
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  const storedNotifications = (id: string) =>
    receiver.requests.filter((request) => request.path === '/notify' && request.json?.type === 'rejected_information.stored' && request.json.data.document_id === id);

  async function waitUntilArchived(id: string, archived = true) {
    return eventually(
      async () => {
        const event = await eventOf(service, id);
        assert.equal(event.rejected?.expired, true, JSON.stringify(event.rejected));
        assert.equal(event.rejected.archived, archived);
        return event;
      },
      { timeoutMs: 20_000 },
    );
  }

  async function restore(body: Record<string, unknown>) {
    const requested = await service.request('POST', '/v1/archive/restore', { body, headers: OPERATOR });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    const progress = await eventually(async () => {
      const response = await service.request('GET', `/v1/archive/restore/${requested.body.jobId}`, { headers: OPERATOR });
      assert.equal(response.status, 200);
      assert.equal(response.body.state, 'completed', JSON.stringify(response.body));
      return response.body;
    });
    return { ...progress, total: requested.body.total };
  }

  let kept: string;
  let other: string;
  let storedKey: string;

  it('moves a document past its retention to the archive under <environment>/<key>, out of the rejected bucket', async () => {
    [kept, other] = await Promise.all([
      submitDocument(service, client.id, 'sandbox', { data: { steps: 1, marker: randomUUID() } }),
      submitDocument(service, client.id, 'sandbox', { data: { steps: 2 } }),
    ]);
    const event = await waitUntilArchived(kept);
    await waitUntilArchived(other);
    storedKey = event.rejected.key;
    assert.equal(event.status, 'Failed');
    assert.equal(event.rejected.bucket, `${environment.id}-sandbox`);
    assert.equal(await objectExists(service, event.rejected.bucket, storedKey), false);
    const delivered = receiver.requests.filter((request) => request.headers['webhook-id'] === kept).at(-1)!;
    assert.equal(await readObject(service, archiveBucket, `sandbox/${storedKey}`), delivered.body, 'the archive keeps the body exactly as delivered');
    const archived = await service.app.get(S3Client).send(new HeadObjectCommand({ Bucket: archiveBucket, Key: `sandbox/${storedKey}` }));
    assert.equal(archived.StorageClass, 'STANDARD_IA', 'in ARCHIVE_STORAGE_CLASS');
    assert.equal(Date.parse(archived.Metadata!['expires-at']) - Date.parse(event.rejected.expiresAt) > 3_500_000, true, 'its metadata says until when the archive keeps it');

    assert.ok(!(await listRejected(service, headers)).items.some((item) => item.id === kept), 'no longer listed as waiting');
    assert.equal((await service.request('GET', `/v1/rejected/${kept}`, { headers })).status, 404);
    const redelivered = await service.request('POST', `/hooks/${client.hook('sandbox', 'data').id}/requests/${kept}/redeliver`, { headers });
    assert.equal(redelivered.status, 410);
    assert.match(redelivered.body.message, /kept in the archive.*restore/);
  });

  it('restores for operators only, and validates the request', async () => {
    const body = { clientId: client.id, environment: 'sandbox', ids: [kept] };
    assert.equal((await service.request('POST', '/v1/archive/restore', { body, headers })).status, 401, 'a client key');
    assert.equal((await service.request('POST', '/v1/archive/restore', { body, headers: PRODUCER })).status, 403);
    const bad: [unknown, number][] = [
      [{ clientId: client.id }, 400],
      [{ ...body, ids: [] }, 400],
      [{ ...body, from: '2026-02-30' }, 400],
      [{ ...body, from: 'yesterday' }, 400],
      [{ ...body, from: '2026-03-02', to: '2026-03-01' }, 400],
      [{ ...body, extra: 1 }, 400],
      [{ ...body, ids: [randomUUID()] }, 404],
      [{ ...body, environment: 'production' }, 404],
    ];
    for (const [request, status] of bad) {
      const response = await service.request('POST', '/v1/archive/restore', { body: request, headers: OPERATOR });
      assert.equal(response.status, status, `${JSON.stringify(request)} → ${JSON.stringify(response.body)}`);
    }
    assert.equal((await service.request('GET', `/v1/archive/restore/${randomUUID()}`, { headers: OPERATOR })).status, 404);
    assert.equal((await service.request('GET', `/v1/archive/restore/${randomUUID()}`, { headers })).status, 401);
    assert.equal((await eventOf(service, kept)).rejected.archived, true, 'nothing was restored');
  });

  it('restores a document with a fresh retention: back at its key, listed, announced, resendable', async () => {
    await start({ RETENTION_SANDBOX: '1h', ARCHIVE_RETENTION: '1h' });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const none = await restore({ clientId: client.id, environment: 'sandbox', to: yesterday });
    assert.deepEqual({ state: none.state, total: none.total, restored: none.restored, failed: none.failed }, { state: 'completed', total: 0, restored: 0, failed: 0 }, 'nothing was first stored before today');
    const before = (await eventOf(service, kept)).rejected;

    const today = new Date().toISOString().slice(0, 10);
    const job = await restore({ clientId: client.id, environment: 'sandbox', ids: [kept], from: today, to: today });
    assert.deepEqual({ total: job.total, restored: job.restored, failed: job.failed }, { total: 1, restored: 1, failed: 0 });

    const event = await eventOf(service, kept);
    assert.equal(event.status, 'Failed');
    assert.equal(event.rejected.expired, undefined);
    assert.equal(event.rejected.key, storedKey);
    assert.ok(Date.parse(event.rejected.storedAt) > Date.parse(before.expiresAt), 'stored again after it expired');
    assert.equal(Date.parse(event.rejected.expiresAt) - Date.parse(event.rejected.storedAt), 3_600_000, "the environment's retention, afresh");
    assert.ok(await objectExists(service, event.rejected.bucket, storedKey));
    assert.equal(await objectExists(service, archiveBucket, `sandbox/${storedKey}`), false, 'it left the archive');
    const listed = (await listRejected(service, headers)).items.find((item) => item.id === kept);
    assert.equal(listed?.expiresAt, event.rejected.expiresAt);
    await eventually(() => assert.equal(storedNotifications(kept).length, 2, 'announced when stored, and again when restored'));
    assert.equal(storedNotifications(kept)[1].json.data.expires_at, event.rejected.expiresAt);
    assert.equal((await eventOf(service, other)).rejected.archived, true, 'only the document named was restored');

    accepted.add(kept);
    const resent = await service.request('POST', `/v1/rejected/${kept}/resend`, { headers });
    assert.equal(resent.status, 200);
    assert.equal(resent.body.delivered, true);
    assert.equal((await eventOf(service, kept)).status, 'Success');
    await eventually(async () => assert.equal(await objectExists(service, event.rejected.bucket, storedKey), false));
  });

  it('deletes an archived document after ARCHIVE_RETENTION', async () => {
    await start({ RETENTION_SANDBOX: '1s', ARCHIVE_RETENTION: '1s' });
    const key = (await eventOf(service, other)).rejected.key;
    await waitUntilArchived(other, false);
    assert.equal(await objectExists(service, archiveBucket, `sandbox/${key}`), false);
    const request = await service.request('POST', '/v1/archive/restore', { body: { clientId: client.id, environment: 'sandbox', ids: [other] }, headers: OPERATOR });
    assert.equal(request.status, 404, 'no longer in the archive');

    const cycled = await submitDocument(service, client.id, 'sandbox');
    const archived = await waitUntilArchived(cycled);
    await waitUntilArchived(cycled, false);
    assert.equal(await objectExists(service, archiveBucket, `sandbox/${archived.rejected.key}`), false);
  });

  it('archives nothing with ARCHIVE_RETENTION=0: the object is deleted at expiry', async () => {
    await start({ RETENTION_SANDBOX: '1s', ARCHIVE_RETENTION: '0' });
    const id = await submitDocument(service, client.id, 'sandbox');
    const event = await waitUntilArchived(id, false);
    assert.equal(await objectExists(service, event.rejected.bucket, event.rejected.key), false);
    assert.equal(await objectExists(service, archiveBucket, `sandbox/${event.rejected.key}`), false);
  });
});
