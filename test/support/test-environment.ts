import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';

export const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = 'redis://127.0.0.1:6379';
/** The tokens every test service runs with (set explicitly: a test never reads or writes ./var/credentials.json). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_PRODUCER_TOKEN = 'test-producer-token-0123456789';

/**
 * A private world for one test file: its own database, Redis key prefix and S3 data directory,
 * so test files can run side by side against the same servers.
 */
export class TestEnvironment {
  readonly id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly databaseName = `webhooks_test_${this.id}`;
  readonly databaseUrl = `postgres://postgres@127.0.0.1:5432/${this.databaseName}`;
  readonly redisPrefix = `test-${this.id}`;
  readonly s3Dir = join(tmpdir(), `webhooks-s3-${this.id}`);

  /** The environment variables a service of this test would run with; overrides win. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      S3_EMBEDDED_DIR: this.s3Dir,
      REJECTED_BUCKET_SANDBOX: `${this.id}-sandbox`,
      REJECTED_BUCKET_PRODUCTION: `${this.id}-production`,
      ARCHIVE_BUCKET: `${this.id}-archive`,
      ALLOW_PRIVATE_TARGETS: 'true',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      PRODUCER_TOKEN: TEST_PRODUCER_TOKEN,
      LOG_LEVEL: 'error',
      // Shared gauges are counted this often, so a test sees a change on /metrics within a fraction of a second.
      METRICS_INTERVAL: '200ms',
      ...overrides,
    };
  }

  config(overrides: Record<string, string> = {}): AppConfig {
    return loadConfig(this.env(overrides));
  }

  /** Drops the database, the Redis keys and the S3 data of this test. */
  async destroy(): Promise<void> {
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`);
    await admin.end();
    await this.wipeRedis();
    await rm(this.s3Dir, { recursive: true, force: true });
  }

  /** Everything this test's service keeps in Redis is forgotten, as after a FLUSHDB (only this test's keys: others share the server). */
  async wipeRedis(): Promise<number> {
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    return removed;
  }
}
