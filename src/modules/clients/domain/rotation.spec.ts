import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previousExpiry, previousInForce, secretsInForce } from './rotation.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe('credential rotation', () => {
  it('keeps the previous credential for the overlap, or not at all for 0', () => {
    assert.deepEqual(previousExpiry(NOW, 86_400_000), new Date('2030-01-02T00:00:00Z'));
    assert.equal(previousExpiry(NOW, 0), null);
  });

  it('signs with the current secret first, then the previous one until its overlap ends', () => {
    const secret = { current: 'new', previous: 'old', previousExpiresAt: at(1000) };
    assert.deepEqual(secretsInForce(secret, NOW), ['new', 'old']);
    assert.deepEqual(secretsInForce(secret, at(999)), ['new', 'old']);
    assert.deepEqual(secretsInForce(secret, at(1000)), ['new'], 'over at its expiry');
    assert.deepEqual(secretsInForce({ current: 'only', previous: null, previousExpiresAt: null }, NOW), ['only']);
  });

  it('tells the previous credential and its expiry while it lasts', () => {
    const key = { current: 'k2', previous: 'k1', previousExpiresAt: at(5000) };
    assert.deepEqual(previousInForce(key, NOW), { value: 'k1', expiresAt: at(5000) });
    assert.equal(previousInForce(key, at(6000)), null);
  });
});
