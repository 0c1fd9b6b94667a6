import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cappedExponentialBackoff, retryAfterFailure } from './backoff.js';

describe('cappedExponentialBackoff', () => {
  it('waits firstMs after the first failure, doubles, and never more than maxMs', () => {
    assert.deepEqual([1, 2, 3, 4, 10].map((n) => cappedExponentialBackoff(n, 500, 3000)), [500, 1000, 2000, 3000, 3000]);
  });
});

describe('retryAfterFailure', () => {
  const now = new Date('2026-04-01T00:00:00.000Z');

  it('gives the next try until the rule runs out of attempts', () => {
    const rule = { attempts: 3, firstMs: 1000, maxMs: 60_000 };
    assert.deepEqual(retryAfterFailure(rule, 2, now), new Date(now.getTime() + 2000));
    assert.equal(retryAfterFailure(rule, 3, now), null);
  });

  it('never runs out with Infinity attempts', () => {
    assert.deepEqual(retryAfterFailure({ attempts: Infinity, firstMs: 1000, maxMs: 4000 }, 1e6, now), new Date(now.getTime() + 4000));
  });
});
