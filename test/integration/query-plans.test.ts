import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Reconciler } from '../../libs/kernel/index.js';
import { Partitions } from '../../src/infrastructure/database/partitions.js';
import { BodyRetention } from '../../src/modules/delivery/ledger/application/body-retention.js';
import { RetentionSweep } from '../../src/modules/rejected-store/application/retention-sweep.js';
import { eventually } from '../support/eventually.js';
import { statementsOf } from '../support/sent-statements.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, type CreatedClient } from '../e2e/rejected-support.js';

const DAY = 86_400_000;
/** A relation this big read whole is a sequential scan of a big table; smaller ones (an empty future partition) are planned as PostgreSQL likes. */
const BIG_TABLE_ROWS = 5_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/** A scan that answers most of its table is the work itself (a bulk job over every waiting document of a client). */
const MOST_OF_A_TABLE = 0.5;

function seqScansOf(node: PlanNode, sizes: ReadonlyMap<string, number>): string[] {
  const relation = node['Node Type'] === 'Seq Scan' ? node['Relation Name'] : undefined;
  const size = relation ? (sizes.get(relation) ?? 0) : 0;
  const own = relation && size > BIG_TABLE_ROWS && node['Plan Rows'] < MOST_OF_A_TABLE * size ? [relation] : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => seqScansOf(child, sizes))];
}

/**
 * On a loaded ledger (documents in four weekly partitions, a backlog waiting for a retry, documents in the rejected
 * bucket and the archive), every query a client or operator list, a sweep, a job or the reconciler sends is planned
 * without reading a big table whole: EXPLAIN, then a failure naming the query and the table it would scan.
 */
describe('query plans on a loaded ledger: no sequential scan of a big table', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let dataSource: DataSource;
  let history: CreatedClient;
  let backlog: CreatedClient;
  let rejected: CreatedClient;

  before(async () => {
    service = await TestService.start(environment, { RETRY_SCHEDULE: '1h', SWEEP_INTERVAL: '1h', RECONCILE_INTERVAL: '1h', METRICS_INTERVAL: '1h' });
    dataSource = service.app.get(DataSource);
    const url = 'http://127.0.0.1:9/never';
    [history, backlog, rejected] = await Promise.all([1, 2, 3].map(() => createClient(service, { sandbox: url, production: url })));
    await service.app.get(Partitions).ensure(new Date(Date.now() - 29 * DAY));
    await load();
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  /** Straight into the tables, as weeks of traffic would have left them. */
  async function load(): Promise<void> {
    const hook = (client: CreatedClient) => client.hooks.find((h) => h.environment === 'production')!.id;
    await dataSource.query(
      `WITH made AS (
         INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status, attempts, last_attempted_at)
         SELECT gen_random_uuid(), now() - (n * interval '40 seconds'), $1, $2, 'production', 'summary', 'physical_summary', 'user-' || (n % 2000), md5(n::text), 'Success', 1,
           now() - (n * interval '40 seconds') + interval '1 second'
         FROM generate_series(1, 60000) n RETURNING id, created_at, last_attempted_at),
       bodies AS (INSERT INTO document_bodies (document_id, created_at, data) SELECT id, created_at, '{"steps":1}' FROM made)
       INSERT INTO delivery_attempts (document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status,
         response_duration_ms, accepted)
       SELECT id, created_at, 1, gen_random_uuid(), 1, 'initial', $2, last_attempted_at, 200, 5, true FROM made`,
      [history.id, hook(history)],
    );
    await dataSource.query(
      `WITH made AS (
         INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status)
         SELECT gen_random_uuid(), now() - (n * interval '1 second'), $1, $2, 'production', 'event', 't', 'user-' || (n % 500), md5(n::text), 'Pending'
         FROM generate_series(1, 20000) n RETURNING id, created_at, user_id),
       bodies AS (INSERT INTO document_bodies (document_id, created_at, data) SELECT id, created_at, '{"n":1}' FROM made)
       INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, attempts, scheduled_attempts, first_attempted_at,
         last_attempted_at, due_at)
       SELECT id, created_at, $1, $2, 'production', 'event', 't', user_id, 1, 1, created_at, created_at, now() + interval '1 hour' FROM made`,
      [backlog.id, hook(backlog)],
    );
    await dataSource.query(
      `WITH made AS (
         INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status, attempts, stored)
         SELECT gen_random_uuid(), now() - (n * interval '2 minutes'), $1, $2, 'production', 'summary', 't', 'user-' || (n % 300), md5(n::text), 'Failed', 4, true
         FROM generate_series(1, 15000) n RETURNING id, created_at, user_id)
       INSERT INTO rejected_documents (document_id, document_created_at, client_id, hook_id, environment, kind, type, user_id, attempts, bucket, key, stored_at,
         first_stored_at, expires_at, expired_at, archived)
       SELECT id, created_at, $1, $2, 'production', 'summary', 't', user_id, 4, 'b', id || '.json', created_at + interval '2 days', created_at + interval '2 days',
         created_at + interval '40 days', CASE WHEN random() < 0.2 THEN created_at + interval '12 days' END, false FROM made`,
      [rejected.id, hook(rejected)],
    );
    await dataSource.query(`UPDATE rejected_documents SET archived = true WHERE expired_at IS NOT NULL`);
    await dataSource.query('ANALYZE');
  }

  async function assertNoBigSeqScan(what: string, work: () => Promise<unknown>): Promise<void> {
    const statements = await statementsOf(dataSource, work);
    assert.ok(statements.length > 0, `${what} sent no statement`);
    const sizes = new Map<string, number>(
      (await dataSource.query(`SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'`)).map((row: { relname: string; reltuples: number }) => [row.relname, row.reltuples]),
    );
    for (const { sql, parameters } of statements) {
      const [{ 'QUERY PLAN': [plan] }] = await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
      const big = seqScansOf(plan.Plan, sizes);
      assert.deepEqual(big, [], `${what}: a sequential scan of ${big.join(', ')} in\n${sql}`);
    }
  }

  const get = (path: string, headers: Record<string, string>) => async () => {
    const response = await service.request('GET', path, { headers });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('lists a client events, by every status, page after page', async () => {
    const first = await get('/webhooks/v1/events?limit=50', history.headers)();
    await assertNoBigSeqScan('the events list', get('/webhooks/v1/events?limit=50', history.headers));
    await assertNoBigSeqScan('its next page', get(`/webhooks/v1/events?limit=50&cursor=${first.nextCursor}`, history.headers));
    await assertNoBigSeqScan('?status=Success', get('/webhooks/v1/events?status=Success&limit=50', history.headers));
    await assertNoBigSeqScan('?status=Failed', get('/webhooks/v1/events?status=Failed&limit=50', rejected.headers));
    await assertNoBigSeqScan('?status=Failed, of a client with none', get('/webhooks/v1/events?status=Failed&limit=50', history.headers));
    await assertNoBigSeqScan('?status=Pending', get('/webhooks/v1/events?status=Pending&limit=50', backlog.headers));
    await assertNoBigSeqScan('an operator across clients', get('/webhooks/v1/events?status=Failed&limit=50', OPERATOR));
    await assertNoBigSeqScan('one event', get(`/webhooks/v1/events/${first.items[0].id}`, history.headers));
  });

  it('lists what waits in the rejected bucket, for a client and for an operator', async () => {
    const first = await get('/v1/rejected?limit=50', rejected.headers)();
    await assertNoBigSeqScan('the rejected list', get('/v1/rejected?limit=50', rejected.headers));
    await assertNoBigSeqScan('its next page', get(`/v1/rejected?limit=50&cursor=${first.nextCursor}`, rejected.headers));
    await assertNoBigSeqScan('by environment', get('/v1/rejected?environment=production&limit=50', rejected.headers));
    await assertNoBigSeqScan("an operator's", get('/v1/rejected?limit=50', OPERATOR));
    await assertNoBigSeqScan("an operator's next page", get(`/v1/rejected?limit=50&cursor=${first.nextCursor}`, OPERATOR));
  });

  it('takes a repeated id, selects a restore and a bulk resend, and erases a user', async () => {
    const [{ id }] = await dataSource.query('SELECT id FROM documents WHERE client_id = $1 LIMIT 1', [history.id]);
    await assertNoBigSeqScan('an ingest of a given id', async () =>
      service.request('POST', '/v1/documents', { body: { id: randomUUID(), clientId: history.id, environment: 'production', kind: 'summary', type: 't', userId: 'u', data: {} }, headers: PRODUCER }),
    );
    await assertNoBigSeqScan('a repeated id', async () => service.request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR }));
    await assertNoBigSeqScan('a restore selection', async () =>
      service.request('POST', '/v1/archive/restore', { body: { clientId: rejected.id, environment: 'production', from: '2020-01-01' }, headers: OPERATOR }),
    );
    await assertNoBigSeqScan('a bulk resend selection', async () => service.request('POST', '/v1/rejected/resend', { body: { environment: 'production' }, headers: rejected.headers }));
    await assertNoBigSeqScan('an erasure', async () => {
      const erasure = await service.request('POST', '/v1/erasures', { body: { userId: 'user-7' }, headers: history.headers });
      await eventually(async () => assert.equal((await service.request('GET', `/v1/erasures/${erasure.body.id}`, { headers: history.headers })).body.state, 'Done'), { timeoutMs: 30_000 });
    });
  });

  it('runs the reconciler, the body purge and the retention sweep reading only what needs action', async () => {
    await assertNoBigSeqScan('a reconciler pass', () => service.app.get(Reconciler).pass());
    // Twenty thousand documents wait for a retry an hour away: a pass reads none of them, so its cost does not grow with them.
    const pass = await statementsOf(dataSource, () => service.app.get(Reconciler).pass(), { ownOnly: true });
    assert.ok(pass.length > 0, 'a reconciler pass sent no statement of its own');
    for (const { sql, parameters } of pass) {
      const [{ 'QUERY PLAN': [plan] }] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters);
      const buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
      assert.ok(buffers < 50, `a reconciler query read ${buffers} pages beside a backlog of 20,000 waiting rows:\n${sql}`);
    }
    await assertNoBigSeqScan('a purge of delivered bodies', () => service.app.get(BodyRetention).sweep());
    await assertNoBigSeqScan('a retention sweep', () => service.app.get(RetentionSweep).sweep());
  });
});
