import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { DocumentLedger } from '../../src/modules/delivery/ledger/application/ports/document-ledger.js';
import { eventually } from '../support/eventually.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

/** A backlog past what the gauge counts exactly: 150,000 documents waiting for a retry an hour away, 1,500 due. */
const RETRYING = 150_000;
const DUE = 1_500;

describe('the pending gauge over a big backlog', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let dataSource: DataSource;

  before(async () => {
    service = await TestService.start(environment, { ROLE: 'api' });
    dataSource = service.app.get(DataSource);
    const queue = (count: number, dueAt: string) =>
      dataSource.query(
        `INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, due_at)
         SELECT gen_random_uuid(), now(), $1, $2, 'production', 'summary', 'physical_summary', 'user-' || n, ${dueAt} FROM generate_series(1, $3::int) n`,
        [randomUUID(), randomUUID(), count],
      );
    await queue(RETRYING, `now() + interval '1 hour'`);
    await queue(DUE, `now() - interval '1 minute'`);
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  it('counts a backlog past what it counts exactly (it samples then) within a few percent', async () => {
    const ledger = service.app.get(DocumentLedger, { strict: false });
    const counts = await eventually(
      async () => {
        const found = Object.fromEntries((await ledger.countPending()).map(({ environment: name, state, count }) => [`${name}/${state}`, count]));
        // PostgreSQL's running estimate of the table's size, which picks the sample, follows the inserts within a second or so.
        assert.ok((found['production/retrying'] ?? 0) > 100_000, JSON.stringify(found));
        return found;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const retrying = counts['production/retrying'];
    assert.ok(Math.abs(retrying - RETRYING) / RETRYING < 0.03, `retrying ${retrying} of ${RETRYING}`);
    assert.equal(counts['sandbox/retrying'], undefined, 'no sandbox document was pending');
  });
});
