import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestedPauseUntil, TOO_MANY_REQUESTS_PAUSE_MS } from './requested-pause.js';

const now = new Date('2026-05-01T12:00:00.000Z');
const HOUR = 3_600_000;
const later = (ms: number) => new Date(now.getTime() + ms);

describe('how long a receiver asks us to wait', () => {
  it('429 or 503 with Retry-After in seconds or as an HTTP date pauses until then', () => {
    assert.deepEqual(requestedPauseUntil({ status: 429, retryAfter: '2' }, now, HOUR), later(2000));
    assert.deepEqual(requestedPauseUntil({ status: 503, retryAfter: later(30_000).toUTCString() }, now, HOUR), later(30_000));
  });

  it('caps the pause at the longest allowed', () => {
    assert.deepEqual(requestedPauseUntil({ status: 429, retryAfter: '86400' }, now, HOUR), later(HOUR));
  });

  it('a 429 without Retry-After pauses briefly; a 503 without it asks nothing', () => {
    assert.deepEqual(requestedPauseUntil({ status: 429, retryAfter: null }, now, HOUR), later(TOO_MANY_REQUESTS_PAUSE_MS));
    assert.equal(requestedPauseUntil({ status: 503, retryAfter: null }, now, HOUR), null);
    assert.equal(requestedPauseUntil({ status: 500, retryAfter: '10' }, now, HOUR), null);
  });

  it('an unreadable or past Retry-After on a 429 means no wait beyond now', () => {
    assert.deepEqual(requestedPauseUntil({ status: 429, retryAfter: 'soon' }, now, HOUR), later(TOO_MANY_REQUESTS_PAUSE_MS));
    assert.deepEqual(requestedPauseUntil({ status: 429, retryAfter: later(-5000).toUTCString() }, now, HOUR), now);
  });
});
