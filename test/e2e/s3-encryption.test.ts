import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, readObject, submitDocument, waitUntilStored } from './rejected-support.js';

describe('server-side encryption of stored objects (S3_SSE)', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  /** The headers of every PutObject request the service sent, as they went over the wire. */
  const puts: { key: string; headers: Record<string, string> }[] = [];

  before(async () => {
    service = await TestService.start(environment, { S3_SSE: 'AES256', RETRY_SCHEDULE: '100ms' });
    service.app.get(S3Client).middlewareStack.add(
      (next, context) => async (args) => {
        const request = args.request as { path: string; headers: Record<string, string> };
        if (context.commandName === 'PutObjectCommand') puts.push({ key: decodeURIComponent(request.path), headers: { ...request.headers } });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordPutObject' },
    );
    receiver = await Receiver.start();
    receiver.answer({ status: 500 });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  it('asks S3 to encrypt a rejected document it stores', async () => {
    const client = await createClient(service, { sandbox: `${receiver.url}/data` });
    const id = await submitDocument(service, client.id, 'sandbox');
    const { rejected } = await waitUntilStored(service, id);
    const put = puts.find((candidate) => candidate.key.endsWith(rejected.key));
    assert.ok(put, `a PutObject for ${rejected.key}`);
    assert.equal(put.headers['x-amz-server-side-encryption'], 'AES256');
    assert.equal(JSON.parse(await readObject(service, rejected.bucket, rejected.key)).id, id, 'and the object is stored');
  });
});
