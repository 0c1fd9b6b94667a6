import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEVELOPMENT_ADMIN_TOKEN } from './app-config.js';
import { ConfigurationError, loadConfig } from './load-config.js';

describe('configuration', () => {
  it('has the defaults of API.md', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.role, 'all');
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/webhooks');
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(config.s3.endpoint, undefined);
    assert.deepEqual(config.rejectedBuckets, { sandbox: 'rejected-sandbox', production: 'rejected-production' });
    assert.deepEqual(config.retentionMs, { sandbox: 3 * 86_400_000, production: 10 * 86_400_000 });
    assert.deepEqual(config.retryScheduleMs, [2 * 3_600_000, 24 * 3_600_000, 48 * 3_600_000]);
    assert.deepEqual(config.notificationRetryScheduleMs, [60_000, 300_000, 1_800_000]);
    assert.equal(config.sweepIntervalMs, 15 * 60_000);
    assert.equal(config.deliveryTimeoutMs, 10_000);
    assert.deepEqual(config.acceptedStatusCodes, [200, 201, 202]);
    assert.equal(config.suspendAfter, 10);
    assert.equal(config.adminToken, DEVELOPMENT_ADMIN_TOKEN);
    assert.equal(config.allowPrivateTargets, false);
    assert.equal(config.maxDocumentBytes, 1_048_576);
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      ROLE: 'worker',
      RETRY_SCHEDULE: '200ms,400ms,600ms',
      RETENTION_SANDBOX: '2s',
      ACCEPTED_STATUS_CODES: '200, 204',
      SUSPEND_AFTER: '0',
      ALLOW_PRIVATE_TARGETS: 'true',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    assert.equal(config.runsApi, false);
    assert.equal(config.runsWorkers, true);
    assert.deepEqual(config.retryScheduleMs, [200, 400, 600]);
    assert.equal(config.retentionMs.sandbox, 2000);
    assert.deepEqual(config.acceptedStatusCodes, [200, 204]);
    assert.equal(config.suspendAfter, 0);
    assert.equal(config.allowPrivateTargets, true);
    assert.equal(config.s3.endpoint, 'http://127.0.0.1:9000');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ ROLE: 'everything' }, /ROLE/],
    [{ RETRY_SCHEDULE: '2h,soon' }, /RETRY_SCHEDULE/],
    [{ RETRY_SCHEDULE: '24h,2h' }, /RETRY_SCHEDULE.*increase/],
    [{ RETENTION_PRODUCTION: 'ten days' }, /RETENTION_PRODUCTION/],
    [{ ACCEPTED_STATUS_CODES: '200,ok' }, /ACCEPTED_STATUS_CODES/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL/],
    [{ ALLOW_PRIVATE_TARGETS: 'yes' }, /ALLOW_PRIVATE_TARGETS/],
    [{ NODE_ENV: 'production' }, /ADMIN_TOKEN is required/],
  ];
  for (const [env, message] of bad) {
    it(`names the bad variable: ${JSON.stringify(env)}`, () => {
      assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigurationError && message.test(error.message));
    });
  }

  it('never echoes a secret it refuses', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: 'short secret' }),
      (error: Error) => /ADMIN_TOKEN/.test(error.message) && !error.message.includes('short secret'),
    );
  });
});
