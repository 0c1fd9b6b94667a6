import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { queryPrepared } from '../../../libs/kernel/index.js';
import { ensureDatabase } from '../../../src/infrastructure/database/ensure-database.js';
import { TestEnvironment } from '../../support/test-environment.js';

/** The hot path's statements are parsed once per connection: TypeORM must hand pg the statement's name with its text. */
describe('statements sent with queryPrepared', () => {
  const environment = new TestEnvironment();
  let dataSource: DataSource;

  before(async () => {
    await ensureDatabase(environment.databaseUrl);
    dataSource = await new DataSource({ type: 'postgres', url: environment.databaseUrl, extra: { max: 1 } }).initialize();
  });

  after(async () => {
    await dataSource.destroy();
    await environment.destroy();
  });

  it('are prepared once on a connection and answer as plain statements do', async () => {
    const text = 'SELECT $1::int + 1 AS next, current_setting($2) AS setting';
    const runner = dataSource.createQueryRunner();
    try {
      const first = await queryPrepared<{ next: number; setting: string }[]>(runner.manager, text, [1, 'application_name']);
      const second = await queryPrepared<{ next: number; setting: string }[]>(runner.manager, text, [41, 'application_name']);
      assert.deepEqual([first[0].next, second[0].next], [2, 42]);
      const prepared: { name: string; statement: string }[] = await runner.query('SELECT name, statement FROM pg_prepared_statements');
      assert.deepEqual(
        prepared.map(({ statement }) => statement),
        [text],
      );
      assert.match(prepared[0].name, /^w[0-9a-f]{30}$/);
    } finally {
      await runner.release();
    }
  });

  it('answer an UPDATE as TypeORM does, its rows and how many', async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS prepared_probe (id int PRIMARY KEY, n int NOT NULL)');
    await dataSource.query('INSERT INTO prepared_probe VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING');
    const [rows, count] = await queryPrepared<[{ id: number }[], number]>(dataSource, 'UPDATE prepared_probe SET n = n + 1 WHERE id = ANY($1::int[]) RETURNING id', [[1, 2]]);
    assert.deepEqual([rows.map((row) => row.id).sort(), count], [[1, 2], 2]);
  });
});
