import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outcomeOfAttempt } from './attempt-outcome.js';

const FIRST = new Date('2026-01-10T08:00:00.000Z');
const SCHEDULE = [60_000, 5 * 60_000, 30 * 60_000];

describe('a notification attempt', () => {
  it('is delivered once accepted', () => {
    assert.deepEqual(outcomeOfAttempt(true, 2, FIRST, SCHEDULE), { status: 'delivered', nextAttemptAt: null });
  });

  it('stays pending with the next attempt counted from the first one', () => {
    assert.deepEqual(outcomeOfAttempt(false, 1, FIRST, SCHEDULE), { status: 'pending', nextAttemptAt: new Date('2026-01-10T08:01:00.000Z') });
    assert.deepEqual(outcomeOfAttempt(false, 3, FIRST, SCHEDULE), { status: 'pending', nextAttemptAt: new Date('2026-01-10T08:30:00.000Z') });
  });

  it('has failed when the last attempt is not accepted', () => {
    assert.deepEqual(outcomeOfAttempt(false, 4, FIRST, SCHEDULE), { status: 'failed', nextAttemptAt: null });
    assert.deepEqual(outcomeOfAttempt(false, 1, FIRST, []), { status: 'failed', nextAttemptAt: null });
  });
});
