import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { ensureDatabase } from '../../src/infrastructure/database/ensure-database.js';
import { POSTGRES_ADMIN_URL as ADMIN_URL } from '../support/test-environment.js';

describe('the database is created at start', () => {
  const names: string[] = [];
  after(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('by whichever of several processes starting at once gets there first, the others finding it made', async () => {
    for (let round = 0; round < 5; round++) {
      const name = `webhooks_race_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      names.push(name);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => ensureDatabase(url.toString())));
      assert.deepEqual(
        results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason)),
        [],
      );
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.end();
    }
  });
});
