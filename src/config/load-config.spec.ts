import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigurationError, loadConfig } from './load-config.js';

const ADMIN = 'admin-token-0123456789';
const PRODUCER = 'producer-token-0123456789';
const TOKENS = { ADMIN_TOKEN: ADMIN, PRODUCER_TOKEN: PRODUCER };

describe('configuration', () => {
  it('has the defaults of API.md', () => {
    const config = loadConfig(TOKENS);
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
    assert.deepEqual(config.adminTokens, [ADMIN]);
    assert.deepEqual(config.producerTokens, [PRODUCER]);
    assert.equal(config.credentialsFile, null, 'tokens from the environment: no file involved');
    assert.equal(config.secretRotationOverlapMs, 24 * 3_600_000);
    assert.equal(config.s3.serverSideEncryption, undefined);
    assert.equal(config.allowPrivateTargets, false);
    assert.equal(config.maxDocumentBytes, 1_048_576);
    assert.equal(config.deliveredRetentionMs, 7 * 86_400_000);
    assert.deepEqual(config.archive, { bucket: 'rejected-archive', retentionMs: 90 * 86_400_000, storageClass: undefined });
    assert.deepEqual(config.tracing, { enabled: false, defaultServiceName: 'webhook-delivery' });
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      ...TOKENS,
      ROLE: 'worker',
      RETRY_SCHEDULE: '200ms,400ms,600ms',
      RETENTION_SANDBOX: '2s',
      ACCEPTED_STATUS_CODES: '200, 204',
      SUSPEND_AFTER: '0',
      ALLOW_PRIVATE_TARGETS: 'true',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_SSE: 'aws:kms',
      SECRET_ROTATION_OVERLAP: '30m',
      DELIVERED_RETENTION: '1s',
      ARCHIVE_BUCKET: 'cold-storage',
      ARCHIVE_RETENTION: '0',
      ARCHIVE_STORAGE_CLASS: 'GLACIER_IR',
    });
    assert.equal(config.runsApi, false);
    assert.equal(config.runsWorkers, true);
    assert.deepEqual(config.retryScheduleMs, [200, 400, 600]);
    assert.equal(config.retentionMs.sandbox, 2000);
    assert.deepEqual(config.acceptedStatusCodes, [200, 204]);
    assert.equal(config.suspendAfter, 0);
    assert.equal(config.allowPrivateTargets, true);
    assert.equal(config.s3.endpoint, 'http://127.0.0.1:9000');
    assert.equal(config.s3.serverSideEncryption, 'aws:kms');
    assert.equal(config.secretRotationOverlapMs, 1_800_000);
    assert.equal(config.deliveredRetentionMs, 1000);
    assert.deepEqual(config.archive, { bucket: 'cold-storage', retentionMs: 0, storageClass: 'GLACIER_IR' });
  });

  it('takes comma-separated token lists, so a token is rotated by adding the new one before removing the old', () => {
    const config = loadConfig({ ADMIN_TOKEN: `${ADMIN}, ${ADMIN}-next`, PRODUCER_TOKEN: `${PRODUCER},${PRODUCER}-next,${PRODUCER}` });
    assert.deepEqual(config.adminTokens, [ADMIN, `${ADMIN}-next`]);
    assert.deepEqual(config.producerTokens, [PRODUCER, `${PRODUCER}-next`]);
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
    [{ NODE_ENV: 'production' }, /ADMIN_TOKEN is required in production/],
    [{ NODE_ENV: 'production', ADMIN_TOKEN: ADMIN }, /PRODUCER_TOKEN is required in production/],
    [{ ADMIN_TOKEN: `${ADMIN},`, PRODUCER_TOKEN: PRODUCER }, /ADMIN_TOKEN must be a comma-separated list of tokens, each at least 16 characters/],
    [{ ADMIN_TOKEN: ADMIN, PRODUCER_TOKEN: `${PRODUCER},too-short` }, /PRODUCER_TOKEN must be a comma-separated list/],
    [{ ADMIN_TOKEN: `${ADMIN},${PRODUCER}`, PRODUCER_TOKEN: PRODUCER }, /a token may not be in both ADMIN_TOKEN and PRODUCER_TOKEN/],
    [{ SECRET_ROTATION_OVERLAP: 'a day' }, /SECRET_ROTATION_OVERLAP must be a duration/],
    [{ S3_SSE: 'aws:kms:dsse' }, /S3_SSE must be AES256 or aws:kms/],
    [{ DELIVERED_RETENTION: '0' }, /DELIVERED_RETENTION must be a duration/],
    [{ ARCHIVE_RETENTION: 'forever' }, /ARCHIVE_RETENTION must be a duration such as .* \(or 0\)/],
    [{ ARCHIVE_BUCKET: 'Cold_Storage' }, /ARCHIVE_BUCKET must be a valid bucket name/],
    [{ ARCHIVE_BUCKET: 'rejected-sandbox' }, /ARCHIVE_BUCKET must differ from REJECTED_BUCKET_SANDBOX/],
    [{ ARCHIVE_STORAGE_CLASS: 'DEEP_ARCHIVE' }, /ARCHIVE_STORAGE_CLASS must be one of STANDARD, .*GLACIER_IR/],
    [{ ...TOKENS, NODE_ENV: 'production', ALLOW_PRIVATE_TARGETS: 'true' }, /^Invalid configuration: ALLOW_PRIVATE_TARGETS=true is refused with NODE_ENV=production/],
  ];
  for (const [env, message] of bad) {
    it(`names the bad variable: ${JSON.stringify(env)}`, () => {
      // Outside production the tokens are given, so that no credentials file is involved.
      const given = env.NODE_ENV === 'production' ? env : { ...TOKENS, ...env };
      assert.throws(() => loadConfig(given), (error: Error) => error instanceof ConfigurationError && message.test(error.message));
    });
  }

  it('never echoes a secret it refuses', () => {
    for (const env of [
      { NODE_ENV: 'production', ADMIN_TOKEN: 'short secret', PRODUCER_TOKEN: PRODUCER },
      { ADMIN_TOKEN: ADMIN, PRODUCER_TOKEN: `${PRODUCER},leaked producer token` },
    ]) {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => /_TOKEN/.test(error.message) && !error.message.includes('short secret') && !error.message.includes('leaked'),
      );
    }
  });
});

describe('development credentials file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credentials-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once, readable by its owner only, and reused by later starts', () => {
    const file = join(dir, 'var', 'credentials.json');
    const first = loadConfig({}, file);
    assert.deepEqual(first.credentialsFile, { path: file, generated: true, readableByOthers: false });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(first.adminTokens, [stored.ADMIN_TOKEN]);
    assert.deepEqual(first.producerTokens, [stored.PRODUCER_TOKEN]);
    assert.match(stored.ADMIN_TOKEN, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(stored.ADMIN_TOKEN, stored.PRODUCER_TOKEN);

    const second = loadConfig({ NODE_ENV: 'test' }, file);
    assert.equal(second.credentialsFile?.generated, false);
    assert.deepEqual([second.adminTokens, second.producerTokens], [first.adminTokens, first.producerTokens]);
  });

  it('yields to the environment, variable by variable', () => {
    const file = join(dir, 'partial.json');
    const config = loadConfig({ ADMIN_TOKEN: ADMIN }, file);
    assert.deepEqual(config.adminTokens, [ADMIN]);
    assert.deepEqual(config.producerTokens, [JSON.parse(readFileSync(file, 'utf8')).PRODUCER_TOKEN]);
    rmSync(file);
    assert.equal(loadConfig(TOKENS, file).credentialsFile, null);
    assert.throws(() => statSync(file), 'not written when the environment sets both');
  });

  it('is never used in production', () => {
    const file = join(dir, 'production.json');
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }, file), /ADMIN_TOKEN is required in production/);
    assert.throws(() => statSync(file));
  });

  it('names the file when it is not usable, without echoing its tokens', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"ADMIN_TOKEN": "not json', { mode: 0o600 });
    assert.throws(() => loadConfig({}, file), (error: Error) => error instanceof ConfigurationError && error.message.includes(file));
    writeFileSync(file, JSON.stringify({ ADMIN_TOKEN: 'tiny', PRODUCER_TOKEN: PRODUCER }));
    assert.throws(
      () => loadConfig({}, file),
      (error: Error) => /ADMIN_TOKEN must be a comma-separated list/.test(error.message) && error.message.includes(file) && !error.message.includes('tiny'),
    );
  });
});
