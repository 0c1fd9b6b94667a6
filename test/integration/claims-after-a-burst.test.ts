import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { DocumentLedger } from '../../src/modules/delivery/ledger/application/ports/document-ledger.js';
import { eventually } from '../support/eventually.js';
import { statementsOf } from '../support/sent-statements.js';
import { apiServiceDuringTests } from '../support/api-service.js';
import { queueRows } from '../support/queue-rows.js';
import { OPERATOR } from '../support/service.js';

const BURST = 3_000;

interface PlanNode {
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
}

/**
 * A burst leaves its delivered documents as dead rows in the queue until a vacuum removes them (autovacuum runs at
 * most once a minute, and not at all on a server that turned it off). A lane's claim right after must not visit them
 * all again, claim after claim: it reads the due entries in claim order and stops at its limit, skipping the dead
 * entries its first pass marked. The claim is a named prepared statement, so after its fifth run PostgreSQL may plan it
 * once for any parameters: that generic plan must read the same way as a plan made for the claim's own values.
 */
describe('claims right after a burst', () => {
  const service = apiServiceDuringTests();

  it('visits a few pages claim after claim, not every row the burst left dead', async () => {
    const dataSource = service().app.get(DataSource);
    const client = await service().request('POST', '/v1/clients', { body: { name: 'burst', environments: { sandbox: { dataWebhookUrl: 'https://example.com/hook' } } }, headers: OPERATOR });
    const hookId: string = client.body.hooks[0].id;
    await queueRows(dataSource, { hookId, count: BURST, dueAt: `now() - interval '10 minutes'` });
    await dataSource.query(`DELETE FROM delivery_queue WHERE hook_id = $1`, [hookId]);
    await queueRows(dataSource, { hookId, count: 3, dueAt: `now() - interval '1 second'` });
    const [{ pages }] = await dataSource.query(`SELECT pg_relation_size('delivery_queue') / current_setting('block_size')::int AS pages`);

    const ledger = service().app.get(DocumentLedger, { strict: false });
    const statements = await statementsOf(dataSource, () => ledger.claimAttempts({ hookId, limit: 100 }, false));
    const claim = statements.find(({ sql }) => /UPDATE delivery_queue/.test(sql));
    assert.ok(claim, `no claim among ${statements.length} statements`);

    assert.ok(Number(pages) > 50, `the burst left ${pages} pages: too few to tell`);
    // The lane's next claims, each rolled back. Dead rows can be skipped once no transaction can see them any more.
    const visits = async (plan: 'custom' | 'generic') => {
      const runner = dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(`SET LOCAL plan_cache_mode = force_${plan}_plan`);
        await runner.query(`PREPARE claim AS ${claim.sql}`);
        const values = claim.parameters.map((value) => pg.escapeLiteral(String(value))).join(', ');
        const [{ 'QUERY PLAN': [explained] }] = await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim(${values})`);
        return (explained.Plan as PlanNode)['Shared Hit Blocks'] + (explained.Plan as PlanNode)['Shared Read Blocks'];
      } finally {
        await runner.rollbackTransaction();
        await runner.query('DEALLOCATE ALL');
        await runner.release();
      }
    };
    for (const plan of ['custom', 'generic'] as const) {
      await eventually(async () => {
        const visited = await visits(plan);
        assert.ok(visited < Number(pages) / 2, `a claim (${plan} plan) visited ${visited} blocks of a queue of ${pages} pages`);
      });
    }
  });
});
