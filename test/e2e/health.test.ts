import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { CreateBucketCommand, DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { eventually } from '../support/eventually.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { CLOSED_PORT, freePort } from '../support/free-port.js';
import { stopS3rver } from '../support/s3-outage.js';


describe('health and operations', () => {
  const environments: TestEnvironment[] = [];
  const services: TestService[] = [];

  async function start(overrides: Record<string, string> = {}) {
    const environment = new TestEnvironment();
    environments.push(environment);
    const service = await TestService.start(environment, overrides);
    services.push(service);
    return service;
  }

  // Services run in this process and share its metrics registry: each is stopped when its test ends, so no other
  // service's probe writes the dependency gauges a later test reads.
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
  });

  after(async () => {
    for (const environment of environments) await environment.destroy();
  });

  it('is ready when PostgreSQL, Redis and S3 answer, and says so for each', async () => {
    const service = await start();
    const ready = await service.request('GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ok');
    assert.deepEqual(Object.keys(ready.body.info).sort(), ['postgresql', 'redis', 's3']);
    for (const dependency of ['postgresql', 'redis', 's3']) assert.equal(ready.body.info[dependency].status, 'up');
    assert.equal((await service.request('GET', '/health/live')).status, 200);
  });

  it('serves Prometheus metrics with the kernel gauges and the OpenAPI page', async () => {
    const service = services[0] ?? (await start());
    // The kernel's gauges are counted by one process once per METRICS_INTERVAL: the first count comes soon after start.
    const metrics = await eventually(async () => {
      const scraped = await service.request('GET', '/metrics');
      assert.equal(scraped.status, 200);
      assert.match(scraped.body, /^kernel_doorbell_jobs\{doorbell="delivery",state="waiting"\} \d+/m);
      return scraped;
    });
    assert.match(metrics.body, /^process_cpu_user_seconds_total/m);
    const docs = await service.request('GET', '/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.body, /swagger/i);
  });

  it('shows the queue dashboard to operators only', async () => {
    const service = services[0] ?? (await start());
    assert.equal((await service.request('GET', '/admin/queues')).status, 401);
    assert.equal((await service.request('GET', '/admin/queues', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    const page = await service.request('GET', '/admin/queues', { headers: OPERATOR });
    assert.equal(page.status, 200);
    assert.match(page.body, /<html/i);
  });

  it('stays ready while S3 is down (retries wait for it), naming it down in the body and the metrics', async () => {
    const port = await freePort();
    const s3 = new S3rver({ address: '127.0.0.1', port, directory: join(tmpdir(), `health-s3-${port}`), silent: true });
    await s3.run();
    const service = await start({ S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' });
    assert.equal((await service.request('GET', '/health/ready')).status, 200);
    await stopS3rver(s3);
    const ready = await service.request('GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.error.s3.status, 'down');
    assert.equal(ready.body.info.postgresql.status, 'up');
    assert.equal(ready.body.info.redis.status, 'up');
    assert.match((await service.request('GET', '/metrics')).body, /^health_dependency_up\{dependency="s3"\} 0$/m);
  });

  it('names S3 down when any one bucket is missing: each rejected bucket and the archive are probed', async () => {
    const port = await freePort();
    const s3rver = new S3rver({ address: '127.0.0.1', port, directory: join(tmpdir(), `health-buckets-${port}`), silent: true });
    await s3rver.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const buckets = { REJECTED_BUCKET_SANDBOX: 'sandbox', REJECTED_BUCKET_PRODUCTION: 'production', ARCHIVE_BUCKET: 'archive' };
    const service = await start({ S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', ...buckets });
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    try {
      for (const Bucket of Object.values(buckets)) {
        await s3.send(new DeleteBucketCommand({ Bucket }));
        const ready = await service.request('GET', '/health/ready');
        assert.deepEqual(ready.body.error.s3, { status: 'down', message: 's3 did not answer' }, Bucket);
        await s3.send(new CreateBucketCommand({ Bucket }));
        assert.equal((await service.request('GET', '/health/ready')).body.details.s3.status, 'up', `${Bucket} is back`);
      }
    } finally {
      s3.destroy();
      await stopS3rver(s3rver);
    }
  });

  it('answers 503 naming Redis when Redis is on a closed port, in a process that runs workers', async () => {
    const service = await start({ REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}` });
    const ready = await service.request('GET', '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.error.redis.status, 'down');
    assert.equal(ready.body.info.postgresql.status, 'up');
    assert.equal(ready.body.info.s3.status, 'up');
    assert.equal((await service.request('GET', '/health/live')).status, 200);
  });

  it('keeps an API process ready while Redis is away, naming it down, and takes documents meanwhile', async () => {
    const service = await start({ ROLE: 'api', REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}` });
    const ready = await service.request('GET', '/health/ready');
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.equal(ready.body.error.redis.status, 'down');
    assert.equal(ready.body.info.postgresql.status, 'up');
    assert.match((await service.request('GET', '/metrics')).body, /^health_dependency_up\{dependency="redis"\} 0$/m);
    const client = await service.request('POST', '/v1/clients', { body: { name: 'r', environments: { sandbox: { dataWebhookUrl: 'https://example.com/hook' } } }, headers: OPERATOR });
    const posted = await service.request('POST', '/v1/documents', {
      body: { clientId: client.body.id, environment: 'sandbox', kind: 'event', type: 't', userId: 'u', data: {} },
      headers: OPERATOR,
    });
    assert.equal(posted.status, 202);
  });
});
