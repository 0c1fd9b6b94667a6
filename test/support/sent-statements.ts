import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { statementText } from '../../libs/kernel/index.js';

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** Marks the statements `work` sends itself, apart from those of the jobs running beside it. */
const caller = new AsyncLocalStorage<true>();

/**
 * Every statement the service sends while `work` runs, caught where TypeORM sends them (every query runner shares one
 * prototype). With `ownOnly`, only those sent from inside `work` (not those of an HTTP request it makes, nor of a job beside it).
 */
export async function statementsOf(dataSource: DataSource, work: () => Promise<unknown>, { ownOnly = false } = {}): Promise<Statement[]> {
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as QueryRunner;
  await runner.release();
  const query = prototype.query;
  const caught: Statement[] = [];
  prototype.query = function (this: QueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
    // A named statement (queryPrepared) arrives as pg's { name, text }.
    if (!ownOnly || caller.getStore()) caught.push({ sql: statementText(sql), parameters: parameters ?? [] });
    return (query as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
  } as QueryRunner['query'];
  try {
    await caller.run(true, work);
  } finally {
    prototype.query = query;
  }
  return caught.filter(({ sql }) => /^\s*(WITH|SELECT|UPDATE|DELETE|INSERT)/i.test(sql) && !/pg_advisory|statement_timeout|FROM pg_|regclass/.test(sql));
}

