import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { eventually } from '../support/eventually.js';
import { sampleValue } from '../support/metrics-text.js';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, submitDocument } from './rejected-support.js';

describe('delivery metrics', () => {
  const environments: TestEnvironment[] = [];
  const services: TestService[] = [];
  let receiver: Receiver | undefined;

  async function start(overrides: Record<string, string>): Promise<{ service: TestService; environment: TestEnvironment }> {
    const environment = new TestEnvironment();
    environments.push(environment);
    const service = await TestService.start(environment, overrides);
    services.push(service);
    return { service, environment };
  }

  async function scrape(service: TestService): Promise<string> {
    const response = await service.request('GET', '/metrics');
    assert.equal(response.status, 200);
    return response.body;
  }

  after(async () => {
    for (const service of services) await service.stop();
    await receiver?.close();
    for (const environment of environments) await environment.destroy();
  });

  it('counts attempts, pending, stored, waiting and expired documents, and hooks by status', async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => (request.path === '/sandbox' ? { status: 500 } : { status: 200 }));
    const { service } = await start({ RETRY_SCHEDULE: '1s,2s', RETENTION_SANDBOX: '4s', SWEEP_INTERVAL: '200ms', SUSPEND_AFTER: '1', ARCHIVE_RETENTION: '0' });
    const client = await createClient(service, { sandbox: `${receiver.url}/sandbox`, production: `${receiver.url}/production` });
    const sandboxHook = (status: string) => ({ environment: 'sandbox', kind: 'data', status });
    const pending = (state: string) => ({ environment: 'sandbox', state });

    await eventually(async () => {
      const before = await scrape(service);
      for (const state of ['due', 'retrying', 'storing']) assert.equal(sampleValue(before, 'delivery_documents_pending', pending(state)), 0, 'an empty state is a 0');
      assert.equal(sampleValue(before, 'delivery_documents_rejected', { environment: 'sandbox' }), 0);
      assert.equal(sampleValue(before, 'clients_hooks', sandboxHook('Active')), 1);
      assert.equal(sampleValue(before, 'clients_hooks', sandboxHook('Suspended')), 0);
      assert.equal(sampleValue(before, 'clients_hooks', { kind: 'notification' }), 0);
    });

    await submitDocument(service, client.id, 'production');
    await eventually(async () => {
      const text = await scrape(service);
      assert.equal(sampleValue(text, 'delivery_attempts_total', { environment: 'production', trigger: 'initial', outcome: 'accepted' }), 1);
      assert.equal(sampleValue(text, 'delivery_attempt_duration_seconds_count', { environment: 'production' }), 1);
    });

    await submitDocument(service, client.id, 'sandbox');
    await eventually(async () => assert.equal(sampleValue(await scrape(service), 'delivery_documents_pending', pending('retrying')), 1));
    const stored = await eventually(async () => {
      const text = await scrape(service);
      assert.equal(sampleValue(text, 'delivery_documents_rejected', { environment: 'sandbox' }), 1);
      // Counted once the ledger's transaction committed: a scrape may come in between.
      assert.equal(sampleValue(text, 'delivery_documents_stored_total', { environment: 'sandbox', reason: 'retries_exhausted' }), 1);
      return text;
    });
    assert.equal(sampleValue(stored, 'delivery_attempts_total', { environment: 'sandbox', outcome: 'failed' }), 3, 'the first attempt and two retries');
    // Each gauge is counted in its turn of a pass: the pending one may still show the count from before the storage.
    await eventually(async () => assert.equal(sampleValue(await scrape(service), 'delivery_documents_pending', { environment: 'sandbox' }), 0, 'no longer pending in any state'));
    await eventually(async () => {
      const text = await scrape(service);
      assert.equal(sampleValue(text, 'clients_hooks', sandboxHook('Suspended')), 1, 'SUSPEND_AFTER=1');
      assert.equal(sampleValue(text, 'clients_hooks', sandboxHook('Active')), 0);
    });

    await eventually(async () => assert.equal(sampleValue(await scrape(service), 'rejected_store_documents_expired_total', { environment: 'sandbox' }), 1));
    // The shared gauge is counted in its own turn: the scrape that shows the expiry may still carry the count from before.
    await eventually(async () => {
      const text = await scrape(service);
      assert.equal(sampleValue(text, 'delivery_documents_rejected', { environment: 'sandbox' }), 0, 'past its retention it no longer waits');
      assert.equal(sampleValue(text, 'delivery_documents_rejected', { environment: 'production' }), 0);
    });
  });

  it('answers at once with the last counts while a count is held up, which PostgreSQL gives up without piling up more', async () => {
    const { service, environment } = await start({ ROLE: 'api' });
    const due = { environment: 'sandbox', state: 'due' };
    await eventually(async () => assert.equal(sampleValue(await scrape(service), 'delivery_documents_pending', due), 0));
    const locker = new pg.Client({ connectionString: environment.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE delivery_queue IN ACCESS EXCLUSIVE MODE');
      let mostWaiting = 0;
      for (let scrapes = 0; scrapes < 10; scrapes++) {
        const startedAt = Date.now();
        const text = await scrape(service);
        assert.ok(Date.now() - startedAt < 3_000, `the scrape answered in ${Date.now() - startedAt} ms`);
        assert.equal(sampleValue(text, 'delivery_documents_pending', due), 0, 'the last count stays');
        assert.equal(sampleValue(text, 'clients_hooks', { environment: 'sandbox', kind: 'data', status: 'Active' }), 0, 'the other gauges are there');
        const { rows } = await locker.query("SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", [environment.databaseName]);
        mostWaiting = Math.max(mostWaiting, rows[0].waiting);
      }
      assert.ok(mostWaiting <= 1, `${mostWaiting} counts waited on the lock at once: one counting pass at a time, whatever the scrapes`);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
    }
  });
});
