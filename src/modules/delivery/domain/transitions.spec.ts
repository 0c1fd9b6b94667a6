import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterScheduledAttempt, bodyWhereabouts, deliveredBodiesKeptSince, nextStorageAttemptAt, skipsToBucket } from './transitions.js';

const now = new Date('2026-04-01T00:00:00.000Z');
const later = new Date('2026-04-01T02:00:00.000Z');

describe('afterScheduledAttempt', () => {
  it('an accepted attempt ends the document as Success with nothing left to do', () => {
    assert.deepEqual(afterScheduledAttempt(true, null, now), { status: 'Success', nextAttemptAt: null, exhaustedReason: null });
  });

  it('a failure stays Pending until the retry Retry chose', () => {
    assert.deepEqual(afterScheduledAttempt(false, { kind: 'retry', at: later }, now), { status: 'Pending', nextAttemptAt: later, exhaustedReason: null });
  });

  it('an exhausted document stays Pending, due for storage now, with its reason', () => {
    assert.deepEqual(afterScheduledAttempt(false, { kind: 'exhausted', reason: 'gone' }, now), { status: 'Pending', nextAttemptAt: now, exhaustedReason: 'gone' });
  });

  it('a failure without a decision is a programming error', () => {
    assert.throws(() => afterScheduledAttempt(false, null, now));
  });
});

describe('skipsToBucket', () => {
  it('skips only the first attempt of a document whose hook is Suspended', () => {
    assert.equal(skipsToBucket('Suspended', 0), true);
    assert.equal(skipsToBucket('Suspended', 2), false);
    assert.equal(skipsToBucket('Restarting', 0), false);
    assert.equal(skipsToBucket('Active', 0), false);
  });
});

describe('nextStorageAttemptAt', () => {
  it('backs off from a second, doubling, never more than a minute', () => {
    assert.equal(nextStorageAttemptAt(0, now).getTime() - now.getTime(), 1000);
    assert.equal(nextStorageAttemptAt(3, now).getTime() - now.getTime(), 8000);
    assert.equal(nextStorageAttemptAt(20, now).getTime() - now.getTime(), 60_000);
  });
});

describe('bodyWhereabouts', () => {
  const base = { data: null, status: 'Failed' as const, rejectedBucket: 'rejected-sandbox', rejectedKey: 'c/summary/2026/04/01/d.json', expiredAt: null, archived: false };

  it('is the ledger while the body is kept there', () => {
    assert.deepEqual(bodyWhereabouts({ ...base, status: 'Pending', data: '{"a":1}' }), { in: 'ledger', data: '{"a":1}' });
  });

  it('is the bucket while a stored document waits there', () => {
    assert.deepEqual(bodyWhereabouts(base), { in: 'bucket', bucket: 'rejected-sandbox', key: 'c/summary/2026/04/01/d.json' });
  });

  it('is nowhere once purged or past its retention, and says why', () => {
    assert.deepEqual(bodyWhereabouts({ ...base, status: 'Success' }), { in: 'nowhere', why: 'purged' });
    assert.deepEqual(bodyWhereabouts({ ...base, expiredAt: now }), { in: 'nowhere', why: 'expired' });
    assert.deepEqual(bodyWhereabouts({ ...base, expiredAt: now, archived: true }), { in: 'nowhere', why: 'archived' });
  });
});

describe('deliveredBodiesKeptSince', () => {
  it('keeps the bodies of documents delivered within DELIVERED_RETENTION', () => {
    assert.deepEqual(deliveredBodiesKeptSince(now, 7 * 86_400_000), new Date('2026-03-25T00:00:00.000Z'));
  });
});
