import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventViewOf } from './event-view.js';
import type { RejectedRecord } from '../../../../domain/ports/rejected-bucket.js';
import type { AttemptRecord, StoredDocument } from '../../ledger/domain/ledger-document.js';

const document: StoredDocument = {
  id: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  hookId: '44444444-4444-4444-8444-444444444444',
  environment: 'production',
  kind: 'event',
  type: 'sleep_event',
  userId: 'user-1',
  status: 'Pending',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  lastAttemptedAt: new Date('2026-01-01T00:00:02.000Z'),
  dueAt: new Date('2026-01-01T02:00:01.000Z'),
  attempts: 2,
  exhaustedReason: null,
  bodyPurgedAt: null,
  traceParent: null,
};

function attempt(n: number, trigger: AttemptRecord['trigger']): AttemptRecord {
  return {
    deliveryId: `33333333-3333-4333-8333-33333333333${n}`,
    documentId: document.id,
    documentCreatedAt: document.createdAt,
    attempt: n,
    scheduledAttempt: trigger === 'redeliver' ? null : n,
    trigger,
    hookId: '44444444-4444-4444-8444-444444444444',
    attemptedAt: new Date(`2026-01-01T00:00:0${n}.000Z`),
    responseStatus: 500,
    responseDurationMs: 12,
    error: 'unaccepted_status: the receiver answered 500',
    accepted: false,
  };
}

describe('eventViewOf', () => {
  it('shows the API.md shape with attempts in order and no rejected part while pending', () => {
    const view = eventViewOf(document, [attempt(2, 'redeliver'), attempt(1, 'initial')]);
    assert.deepEqual(Object.keys(view), ['id', 'eventName', 'kind', 'status', 'environment', 'partnerId', 'userId', 'createdAt', 'lastAttemptedAt', 'nextAttemptAt', 'attempts']);
    assert.equal(view.eventName, 'sleep_event');
    assert.equal(view.partnerId, document.clientId);
    assert.deepEqual(view.attempts.map((a) => a.trigger), ['initial', 'redeliver']);
    assert.deepEqual(Object.keys(view.attempts[0]), ['deliveryId', 'trigger', 'attemptedAt', 'responseStatus', 'responseDurationMs', 'error']);
  });

  const stored: StoredDocument = { ...document, status: 'Stored', dueAt: null };
  const kept: RejectedRecord = {
    documentId: document.id,
    bucket: 'rejected-production',
    key: 'k.json',
    storedAt: new Date('2026-01-03T00:00:00.000Z'),
    expiresAt: new Date('2026-01-13T00:00:00.000Z'),
    expiredAt: null,
    archived: false,
  };

  it('shows where a stored document waits', () => {
    assert.deepEqual(eventViewOf(stored, [], kept).rejected, {
      bucket: 'rejected-production',
      key: 'k.json',
      storedAt: '2026-01-03T00:00:00.000Z',
      expiresAt: '2026-01-13T00:00:00.000Z',
    });
  });

  it('marks it expired after its retention, saying whether the archive keeps it', () => {
    const expired = eventViewOf(stored, [], { ...kept, expiredAt: new Date('2026-01-13T00:00:01.000Z'), archived: true }).rejected;
    assert.equal(expired?.expired, true);
    assert.equal(expired?.archived, true);
  });

  it('says when the body of a delivered document was purged', () => {
    const purged = eventViewOf({ ...document, status: 'Success', bodyPurgedAt: new Date('2026-01-08T00:00:00.000Z') }, []);
    assert.equal(purged.bodyPurgedAt, '2026-01-08T00:00:00.000Z');
  });

  it('drops the rejected part once a resend was accepted', () => {
    assert.equal(eventViewOf({ ...stored, status: 'Success' }, [], kept).rejected, undefined);
  });
});
