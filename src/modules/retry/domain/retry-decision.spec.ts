import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAfterFailure } from './retry-decision.js';

const HOUR = 3_600_000;
const rules = { scheduleMs: [2 * HOUR, 24 * HOUR, 48 * HOUR], maxRetryAfterMs: HOUR };
const first = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(first.getTime() + ms);
const failed = (scheduledAttempt: number, status: number | null, retryAfter: string | null = null, after = 0) => ({
  scheduledAttempt,
  firstAttemptAt: first,
  answer: { status, retryAfter },
  at: at(after),
});

describe('decideAfterFailure', () => {
  it('retries at 2 h, 24 h and 48 h after the first attempt, then gives up', () => {
    assert.deepEqual(decideAfterFailure(failed(1, 500), rules), { kind: 'retry', at: at(2 * HOUR) });
    assert.deepEqual(decideAfterFailure(failed(2, 500, null, 2 * HOUR), rules), { kind: 'retry', at: at(24 * HOUR) });
    assert.deepEqual(decideAfterFailure(failed(3, null, null, 24 * HOUR), rules), { kind: 'retry', at: at(48 * HOUR) });
    assert.deepEqual(decideAfterFailure(failed(4, 500, null, 48 * HOUR), rules), { kind: 'exhausted', reason: 'retries_exhausted' });
  });

  it('counts from the first attempt, so a late retry does not push the next one back', () => {
    assert.deepEqual(decideAfterFailure(failed(2, 500, null, 5 * HOUR), rules), { kind: 'retry', at: at(24 * HOUR) });
  });

  it('stops at once on 410 Gone, whatever attempts are left', () => {
    assert.deepEqual(decideAfterFailure(failed(1, 410), rules), { kind: 'exhausted', reason: 'gone' });
  });

  it('waits as long as a Retry-After asks when that is later than the schedule, capped by MAX_RETRY_AFTER', () => {
    const short = { ...rules, scheduleMs: [1000, 2000] };
    assert.deepEqual(decideAfterFailure(failed(1, 429, '30'), short), { kind: 'retry', at: at(30_000) });
    assert.deepEqual(decideAfterFailure(failed(1, 503, '7200'), short), { kind: 'retry', at: at(HOUR) });
    assert.deepEqual(decideAfterFailure(failed(1, 429, new Date(first.getTime() + 10_000).toUTCString()), short), { kind: 'retry', at: at(10_000) });
  });

  it('keeps the schedule when the receiver asked for a shorter wait than it', () => {
    assert.deepEqual(decideAfterFailure(failed(1, 429, '5'), rules), { kind: 'retry', at: at(2 * HOUR) });
  });
});
