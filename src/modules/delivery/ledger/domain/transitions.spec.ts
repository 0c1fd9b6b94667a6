import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterScheduledAttempt, bodyWhereabouts, deliveredBodiesKeptSince } from './transitions.js';

const now = new Date('2026-04-01T00:00:00.000Z');
const later = new Date('2026-04-01T02:00:00.000Z');

describe('afterScheduledAttempt', () => {
  it('an accepted attempt ends the document as Success with nothing left to do', () => {
    assert.deepEqual(afterScheduledAttempt(true, null, now), { status: 'Success', dueAt: null, exhaustedReason: null });
  });

  it('a failure stays Pending until the retry Retry chose', () => {
    assert.deepEqual(afterScheduledAttempt(false, { kind: 'retry', at: later }, now), { status: 'Pending', dueAt: later, exhaustedReason: null });
  });

  it('an exhausted document stays Pending, due for storage now, with its reason', () => {
    assert.deepEqual(afterScheduledAttempt(false, { kind: 'exhausted', reason: 'gone' }, now), { status: 'Pending', dueAt: now, exhaustedReason: 'gone' });
  });

  it('a failure without a decision is a programming error', () => {
    assert.throws(() => afterScheduledAttempt(false, null, now));
  });
});

describe('bodyWhereabouts', () => {
  const kept = { bucket: 'rejected-sandbox', key: 'c/summary/2026/04/01/d.json', expiredAt: null, archived: false };

  it('is the ledger while the body is kept there', () => {
    assert.deepEqual(bodyWhereabouts('{"a":1}', undefined), { in: 'ledger', data: '{"a":1}' });
  });

  it('is the bucket while a stored document waits there', () => {
    assert.deepEqual(bodyWhereabouts(null, kept), { in: 'bucket', bucket: 'rejected-sandbox', key: 'c/summary/2026/04/01/d.json' });
  });

  it('is nowhere once purged or past its retention, and says why', () => {
    assert.deepEqual(bodyWhereabouts(null, undefined), { in: 'nowhere', why: 'purged' });
    assert.deepEqual(bodyWhereabouts(null, { ...kept, expiredAt: now }), { in: 'nowhere', why: 'expired' });
    assert.deepEqual(bodyWhereabouts(null, { ...kept, expiredAt: now, archived: true }), { in: 'nowhere', why: 'archived' });
  });
});

describe('deliveredBodiesKeptSince', () => {
  it('keeps the bodies of documents delivered within DELIVERED_RETENTION', () => {
    assert.deepEqual(deliveredBodiesKeptSince(now, 7 * 86_400_000), new Date('2026-03-25T00:00:00.000Z'));
  });
});
