import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAfterNotificationAttempt, outcomeOfAttempt } from './notification-retry.js';

const FIRST = new Date('2026-01-10T08:00:00.000Z');
const SCHEDULE = [60_000, 5 * 60_000, 30 * 60_000];
const RULES = { scheduleMs: SCHEDULE, maxRetryAfterMs: 3_600_000 };

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

  it('stops at once on 410 Gone, whatever attempts are left', () => {
    const answer = { status: 410, retryAfter: null };
    assert.deepEqual(decideAfterNotificationAttempt({ accepted: false, attempt: 1, firstAttemptAt: FIRST, answer, at: FIRST }, RULES), { status: 'failed', nextAttemptAt: null });
  });

  it('waits as long as a Retry-After asks when that is later than the schedule, capped by MAX_RETRY_AFTER', () => {
    const at = (ms: number) => new Date(FIRST.getTime() + ms);
    const attempt = (retryAfter: string) => ({ accepted: false, attempt: 1, firstAttemptAt: FIRST, answer: { status: 429, retryAfter }, at: FIRST });
    assert.deepEqual(decideAfterNotificationAttempt(attempt('600'), RULES), { status: 'pending', nextAttemptAt: at(600_000) });
    assert.deepEqual(decideAfterNotificationAttempt(attempt('30'), RULES), { status: 'pending', nextAttemptAt: at(60_000) });
    assert.deepEqual(decideAfterNotificationAttempt(attempt('86400'), RULES), { status: 'pending', nextAttemptAt: at(3_600_000) });
  });
});
