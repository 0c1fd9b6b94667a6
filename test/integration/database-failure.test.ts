import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dependencyFailure } from '../../src/infrastructure/database/database-failure.js';
import { freePort } from '../support/free-port.js';
import { POSTGRES_ADMIN_URL } from '../support/test-environment.js';

/** What the real PostgreSQL and driver raise, and what a caller is answered for it. */
describe('database failures, by SQLSTATE class', () => {
  const database = new DataSource({ type: 'postgres', url: POSTGRES_ADMIN_URL, extra: { max: 2 } });

  before(async () => {
    await database.initialize();
  });

  after(async () => {
    await database.destroy();
  });

  async function failureOf(work: (runner: DataSource) => Promise<unknown>) {
    const error = await work(database).then(
      () => assert.fail('expected the database to refuse'),
      (caught: unknown) => caught,
    );
    return dependencyFailure(error)?.kind;
  }

  it('answers data exceptions (22) caused by a request with a 400', async () => {
    assert.equal(await failureOf((db) => db.query('SELECT $1::text', ['a\u0000b'])), 'invalid');
    assert.equal(await failureOf((db) => db.query('SELECT $1::int', ['twelve'])), 'invalid');
    assert.equal(await failureOf((db) => db.query('SELECT $1::timestamptz', ['+275760-09-13'])), 'invalid');
  });

  it('answers integrity violations (23) with a 409, or a 400 for a missing value', async () => {
    const conflict = await failureOf((db) =>
      db.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE pairs (id int PRIMARY KEY, name text NOT NULL) ON COMMIT DROP');
        await tx.query("INSERT INTO pairs VALUES (1, 'one')");
        await tx.query("INSERT INTO pairs VALUES (1, 'again')");
      }),
    );
    assert.equal(conflict, 'conflict');
    const missing = await failureOf((db) =>
      db.transaction(async (tx) => {
        await tx.query('CREATE TEMP TABLE named (id int PRIMARY KEY, name text NOT NULL) ON COMMIT DROP');
        await tx.query('INSERT INTO named VALUES (1, NULL)');
      }),
    );
    assert.equal(missing, 'invalid');
  });

  it('answers a cancelled statement, a terminated session and a refused connection with a 503', async () => {
    const cancelled = await failureOf((db) =>
      db.transaction(async (tx) => {
        await tx.query("SET LOCAL statement_timeout = '20ms'");
        await tx.query('SELECT pg_sleep(1)');
      }),
    );
    assert.equal(cancelled, 'unavailable');

    // Its own pool: a terminated session leaves a dead connection behind.
    const doomed = await new DataSource({ type: 'postgres', url: POSTGRES_ADMIN_URL, extra: { max: 1 } }).initialize();
    const terminated = await doomed.query('SELECT pg_terminate_backend(pg_backend_pid())').then(() => assert.fail('the session survived'), (error: unknown) => error);
    assert.equal(dependencyFailure(terminated)?.kind, 'unavailable');
    await doomed.destroy();

    const unreachable = new DataSource({ type: 'postgres', url: `postgres://postgres@127.0.0.1:${await freePort()}/postgres` });
    const refused = await unreachable.initialize().then(() => assert.fail('connected to a closed port'), (error: unknown) => error);
    assert.equal(dependencyFailure(refused)?.kind, 'unavailable');
  });

  it('leaves anything else to the 500 of a bug: a wrong statement, a missing table, a plain error', async () => {
    assert.equal(await failureOf((db) => db.query('SELEKT 1')), undefined);
    assert.equal(await failureOf((db) => db.query('SELECT * FROM no_such_table')), undefined);
    assert.equal(dependencyFailure(new TypeError("Cannot read properties of undefined (reading 'id')")), undefined);
  });
});
