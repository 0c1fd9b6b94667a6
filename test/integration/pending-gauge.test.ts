import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { DocumentLedger } from '../../src/modules/delivery/ledger/application/ports/document-ledger.js';
import { eventually } from '../support/eventually.js';
import { apiServiceDuringTests } from '../support/api-service.js';
import { queueRows } from '../support/queue-rows.js';

/** A backlog past what the gauge counts exactly: 150,000 documents waiting for a retry an hour away, 1,500 due. */
const RETRYING = 150_000;
const DUE = 1_500;

describe('the pending gauge over a big backlog', () => {
  const service = apiServiceDuringTests();
  let dataSource: DataSource;

  before(async () => {
    dataSource = service().app.get(DataSource);
    const queue = (count: number, dueAt: string) =>
      queueRows(dataSource, { hookId: randomUUID(), count, dueAt, environment: 'production', kind: 'summary', type: 'physical_summary' });
    await queue(RETRYING, `now() + interval '1 hour'`);
    await queue(DUE, `now() - interval '1 minute'`);
  });

  it('counts a backlog past what it counts exactly (it samples then) within a few percent', async () => {
    const ledger = service().app.get(DocumentLedger, { strict: false });
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
