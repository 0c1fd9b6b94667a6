import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterFailure } from '../../../../libs/kernel/backoff.js';
import { BACKOFF_RULES } from './backoff-rules.js';

const now = new Date('2026-04-01T00:00:00.000Z');
const waitAfter = (rule: keyof typeof BACKOFF_RULES, attemptsMade: number) => {
  const at = retryAfterFailure(BACKOFF_RULES[rule], attemptsMade, now);
  return at === null ? null : at.getTime() - now.getTime();
};

describe('backoff rules', () => {
  it('storage backs off from a second, doubling, never more than a minute, and never gives up', () => {
    // A document whose first store failed has made 1 attempt.
    assert.equal(waitAfter('storage', 1), 1000);
    assert.equal(waitAfter('storage', 4), 8000);
    assert.equal(waitAfter('storage', 21), 60_000);
    assert.equal(waitAfter('storage', 10_000), 60_000);
  });

  it('a handler that threw is tried ten times in all, from a second up to a minute', () => {
    assert.equal(waitAfter('handler', 1), 1000);
    assert.equal(waitAfter('handler', 9), 60_000);
    assert.equal(waitAfter('handler', 10), null);
  });

  it("a bulk job's document is tried five times, then failed; a leased job runs again for as long as it takes", () => {
    assert.equal(waitAfter('bulk-item', 4), 8000);
    assert.equal(waitAfter('bulk-item', 5), null);
    assert.equal(waitAfter('leased-job', 100), 5 * 60_000);
  });
});
