import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEvent, type EventCatalogue } from '../../../domain/events.js';
import { nextAttemptAt, totalAttempts } from '../../../domain/retry-schedule.js';
import { retryDueFor, retryDueId } from './retry-due.js';

const SCHEDULE = [2 * 3600_000, 24 * 3600_000, 48 * 3600_000];
const FIRST = new Date('2026-01-10T08:00:00.000Z');

function failed(overrides: Partial<EventCatalogue['delivery.failed']> = {}) {
  return createEvent('delivery.failed', {
    documentId: '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10',
    clientId: '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a',
    environment: 'sandbox',
    kind: 'summary',
    type: 'physical_summary',
    userId: 'user-1',
    hookId: '1d2c0e52-49b5-4b16-a8a6-0f2d8c7f0c11',
    attempt: 1,
    trigger: 'initial',
    deliveryId: 'e1f0f5c6-3a7e-4a59-8c07-2a0f5e1e4b22',
    responseStatus: 500,
    error: null,
    firstAttemptAt: FIRST.toISOString(),
    nextAttemptNumber: 2,
    nextAttemptAt: new Date(FIRST.getTime() + SCHEDULE[0]).toISOString(),
    ...overrides,
  });
}

describe('retry schedule', () => {
  it('counts every offset from the first attempt, so a late retry does not push the next ones back', () => {
    assert.equal(nextAttemptAt(FIRST, 1, SCHEDULE)?.toISOString(), '2026-01-10T10:00:00.000Z');
    assert.equal(nextAttemptAt(FIRST, 2, SCHEDULE)?.toISOString(), '2026-01-11T08:00:00.000Z');
    assert.equal(nextAttemptAt(FIRST, 3, SCHEDULE)?.toISOString(), '2026-01-12T08:00:00.000Z');
  });

  it('has no attempt after the last offset', () => {
    assert.equal(nextAttemptAt(FIRST, 4, SCHEDULE), null);
    assert.equal(totalAttempts(SCHEDULE), 4);
  });
});

describe('retryDueFor', () => {
  it('schedules the next attempt at the time the failure names', () => {
    const due = retryDueFor(failed());
    assert.deepEqual(due?.payload, {
      documentId: '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10',
      clientId: '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a',
      environment: 'sandbox',
      attempt: 2,
    });
    assert.equal(due?.deliverAt.toISOString(), '2026-01-10T10:00:00.000Z');
  });

  it('schedules nothing when the schedule has no attempt left', () => {
    assert.equal(retryDueFor(failed({ attempt: 4, nextAttemptNumber: null, nextAttemptAt: null })), null);
  });

  it('names the same attempt of the same document with the same uuid, and others differently', () => {
    const id = retryDueId('6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10', 2);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(retryDueFor(failed())?.id, id);
    assert.notEqual(retryDueId('6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10', 3), id);
    assert.notEqual(retryDueId('7f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10', 2), id);
  });
});
