import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import { newId } from '../../src/domain/ids.js';
import { attemptEvents } from '../../src/modules/delivery/ledger/application/delivery-events.js';
import { DocumentLedger } from '../../src/modules/delivery/ledger/application/ports/document-ledger.js';
import type { LeasedDocument } from '../../src/modules/delivery/ledger/domain/ledger-document.js';
import { afterScheduledAttempt } from '../../src/modules/delivery/ledger/domain/transitions.js';
import { apiServiceDuringTests } from '../support/api-service.js';
import { OPERATOR } from '../support/service.js';

/**
 * A delivery round records its attempts, its ledger changes and its events in one statement when every document is
 * still the worker's, and in nothing at all otherwise (the round then falls back to a transaction). An API process
 * runs no delivery worker, so the test plays the worker's part with the ledger itself.
 */
describe('recording a round in one statement', () => {
  const service = apiServiceDuringTests();

  it('writes everything when the worker holds every document, nothing when one was taken meanwhile', async () => {
    const db = service().app.get(DataSource);
    const client = await service().request('POST', '/v1/clients', { body: { name: 'one statement', environments: { sandbox: { dataWebhookUrl: 'https://example.com/hook' } } }, headers: OPERATOR });
    const hookId: string = client.body.hooks[0].id;
    for (const n of [1, 2]) {
      const posted = await service().request('POST', '/v1/documents', { body: { clientId: client.body.id, environment: 'sandbox', kind: 'event', type: 't', userId: `u${n}`, data: { n } }, headers: OPERATOR });
      assert.equal(posted.status, 202);
    }
    const ledger = service().app.get(DocumentLedger, { strict: false });
    const bus = service().app.get(EventBus);
    const { lease, documents } = await ledger.claimAttempts({ hookId, limit: 10 }, false);
    assert.equal(documents.length, 2);
    const outcomes = documents.map((document) => ({ document, record: accepted(document, hookId), accepted: true, change: afterScheduledAttempt(true, null, new Date()) }));
    const rows = outcomes.map(({ record, change }) => ({ record, change }));
    const ids = documents.map(({ id }) => id);
    const counts = async (eventId: string) => {
      const [row] = await db.query(
        `SELECT (SELECT count(*) FROM delivery_attempts WHERE document_id = ANY($1::uuid[]))::int AS attempts,
                (SELECT count(*) FROM delivery_queue WHERE document_id = ANY($1::uuid[]))::int AS queued,
                (SELECT count(*) FROM kernel_messages WHERE event_id = $2)::int AS messages`,
        [ids, eventId],
      );
      return row as { attempts: number; queued: number; messages: number };
    };

    await db.query(`UPDATE delivery_queue SET lease_owner = 'another-worker' WHERE document_id = $1`, [ids[1]]);
    const [refusedEvent] = attemptEvents(outcomes);
    assert.equal(await ledger.recordAttemptsAtOnce(rows, lease.owner, bus.inOneStatement(refusedEvent)), false);
    assert.deepEqual(await counts(refusedEvent.id), { attempts: 0, queued: 2, messages: 0 }, 'one document was not ours: nothing written');

    await db.query(`UPDATE delivery_queue SET lease_owner = $2 WHERE document_id = $1`, [ids[1], lease.owner]);
    const [event] = attemptEvents(outcomes);
    assert.equal(event.type, 'delivery.succeeded');
    assert.equal(await ledger.recordAttemptsAtOnce(rows, lease.owner, bus.inOneStatement(event)), true);
    const written = await counts(event.id);
    assert.equal(written.attempts, 2);
    assert.equal(written.queued, 0);
    assert.ok(written.messages > 0, 'the event is in its subscribers\' mailboxes');
    for (const id of ids) assert.equal((await service().request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR })).body.status, 'Success');
  });
});

function accepted(document: LeasedDocument, hookId: string) {
  return {
    deliveryId: newId(),
    documentId: document.id,
    documentCreatedAt: document.createdAt,
    attempt: document.attempts,
    scheduledAttempt: document.scheduledAttempts,
    trigger: 'initial' as const,
    hookId,
    attemptedAt: new Date(),
    responseStatus: 200,
    responseDurationMs: 3,
    error: null,
    accepted: true,
  };
}
