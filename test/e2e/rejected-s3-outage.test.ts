import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import S3rver from 's3rver';
import { DataSource } from 'typeorm';
import { EMBEDDED_S3_CREDENTIALS } from '../../src/infrastructure/s3/embedded-s3.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { freePort } from '../support/free-port.js';
import { stopS3rver } from '../support/s3-outage.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, listRejected, readObject, requestsFor, submitDocument, waitUntilStored } from './rejected-support.js';

describe('rejected store while S3 is down', () => {
  const environment = new TestEnvironment();
  const directory = join(environment.s3Dir, 'outside');
  let port: number;
  let s3: S3rver | undefined;
  let service: TestService;
  let receiver: Receiver;

  async function startS3(): Promise<void> {
    s3 = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
    await s3.run();
  }

  async function stopS3(): Promise<void> {
    if (s3) await stopS3rver(s3);
    s3 = undefined;
  }

  before(async () => {
    await mkdir(directory, { recursive: true });
    port = await freePort();
    await startS3();
    service = await TestService.start(environment, {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
      RETRY_SCHEDULE: '200ms,400ms,600ms',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    });
    receiver = await Receiver.start();
    receiver.answer({ status: 500 });
  });

  after(async () => {
    await service.stop();
    await stopS3();
    await receiver.close();
    await environment.destroy();
  });

  it('keeps an exhausted document until S3 is back, then stores it', async () => {
    const client = await createClient(service, { production: receiver.url });
    await stopS3();
    const documentId = await submitDocument(service, client.id, 'production');
    await receiver.waitForRequests(4);
    assert.equal(requestsFor(receiver.requests, documentId).length, 4);

    // The store keeps failing while S3 is away (twice at least, as the ledger counts): nothing is stored, nothing is lost.
    await eventually(async () => {
      const [{ tries }] = await service.app.get(DataSource).query('SELECT store_attempts AS tries FROM delivery_queue WHERE document_id = $1', [documentId]);
      assert.ok(tries >= 2, `${tries} storage attempts`);
    }, { timeoutMs: 15_000 });
    const waiting = await eventOf(service, documentId);
    assert.equal(waiting.status, 'Pending');
    assert.equal(waiting.rejected, undefined);
    assert.deepEqual((await listRejected(service, client.headers)).items, []);
    assert.equal((await service.request('GET', `/v1/rejected/${documentId}`, { headers: client.headers })).status, 404);

    await startS3();
    const event = await waitUntilStored(service, documentId, 60_000);
    assert.equal(event.rejected.bucket, service.config.rejectedBuckets.production);
    assert.deepEqual(JSON.parse(await readObject(service, event.rejected.bucket, event.rejected.key)), requestsFor(receiver.requests, documentId)[3].json);
    assert.deepEqual((await listRejected(service, client.headers)).items.map((item) => item.id), [documentId]);
    assert.equal(requestsFor(receiver.requests, documentId).length, 4, 'storing late attempted nothing again');
  });

  it("answers a download while S3 is down with a generic 503 and the request id, never S3's own words", async () => {
    const client = await createClient(service, { production: receiver.url });
    const documentId = await submitDocument(service, client.id, 'production');
    await waitUntilStored(service, documentId);
    await stopS3();
    try {
      const download = await service.request('GET', `/v1/rejected/${documentId}`, { headers: client.headers });
      assert.equal(download.status, 503);
      assert.equal(download.body.message, 'the rejected bucket could not read the document right now; try again later');
      assert.equal(download.body.requestId, download.headers.get('x-request-id'));
      assert.doesNotMatch(JSON.stringify(download.body), /ECONN|socket|\d+\.\d+\.\d+\.\d+|:\d{4,5}\b|s3rver/i);
    } finally {
      await startS3();
    }
    assert.equal((await service.request('GET', `/v1/rejected/${documentId}`, { headers: client.headers })).status, 200);
  });
});
