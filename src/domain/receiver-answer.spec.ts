import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAccepted, isGone } from './receiver-answer.js';

describe('isAccepted', () => {
  it('accepts only the configured codes, never a missing answer', () => {
    assert.equal(isAccepted(202, [200, 201, 202]), true);
    for (const status of [204, 301, 410, 500, null]) assert.equal(isAccepted(status, [200, 201, 202]), false, String(status));
  });
});

describe('what a receiver asks', () => {
  it('410 is gone, nothing else is', () => {
    assert.equal(isGone({ status: 410, retryAfter: null }), true);
    assert.equal(isGone({ status: 404, retryAfter: null }), false);
  });
});
