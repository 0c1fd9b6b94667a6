import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterFailedScheduledAttempt, attemptError, isAccepted } from './attempt-outcome.js';

const ACCEPTED = [200, 201, 202];
const HOUR = 3_600_000;

describe('isAccepted', () => {
  it('accepts only the configured codes', () => {
    assert.equal(isAccepted(200, ACCEPTED), true);
    assert.equal(isAccepted(202, ACCEPTED), true);
    for (const status of [204, 301, 302, 400, 500]) assert.equal(isAccepted(status, ACCEPTED), false, String(status));
  });

  it('never accepts an attempt without a response', () => assert.equal(isAccepted(null, ACCEPTED), false));
});

describe('afterFailedScheduledAttempt', () => {
  const first = new Date('2026-01-01T00:00:00.000Z');
  const schedule = [2 * HOUR, 24 * HOUR, 48 * HOUR];

  it('schedules the next attempt counted from the first one', () => {
    assert.deepEqual(afterFailedScheduledAttempt(1, first, schedule), {
      exhausted: false,
      nextAttemptNumber: 2,
      nextAttemptAt: new Date('2026-01-01T02:00:00.000Z'),
    });
    assert.deepEqual(afterFailedScheduledAttempt(3, first, schedule).nextAttemptAt, new Date('2026-01-03T00:00:00.000Z'));
  });

  it('is exhausted after the last retry', () => {
    assert.deepEqual(afterFailedScheduledAttempt(4, first, schedule), { exhausted: true, nextAttemptNumber: null, nextAttemptAt: null });
  });

  it('is exhausted at once with an empty schedule', () => {
    assert.equal(afterFailedScheduledAttempt(1, first, []).exhausted, true);
  });
});

describe('attemptError', () => {
  it('is null for an accepted attempt', () => assert.equal(attemptError({ status: 200, error: null, errorMessage: null }, true), null));

  it('names the unaccepted status', () => {
    assert.match(attemptError({ status: 500, error: null, errorMessage: null }, false)!, /^unaccepted_status: .*500/);
  });

  it('carries the sender code and message when no response came', () => {
    assert.equal(
      attemptError({ status: null, error: 'connection_refused', errorMessage: 'connection refused by 127.0.0.1:9' }, false),
      'connection_refused: connection refused by 127.0.0.1:9',
    );
  });
});
