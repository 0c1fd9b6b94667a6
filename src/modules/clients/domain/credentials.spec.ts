import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { hashApiKey, newApiKey, newSigningSecret } from './credentials.js';

describe('credentials', () => {
  it('issues distinct API keys of 32 random bytes', () => {
    const key = newApiKey();
    assert.match(key, /^whk_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(newApiKey(), key);
  });

  it('hashes a key to a stable SHA-256 hex digest', () => {
    assert.equal(hashApiKey('whk_abc'), hashApiKey('whk_abc'));
    assert.match(hashApiKey('whk_abc'), /^[0-9a-f]{64}$/);
    assert.notEqual(hashApiKey('whk_abc'), hashApiKey('whk_abd'));
  });

  it('issues signing secrets the Standard Webhooks library accepts', () => {
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.doesNotThrow(() => new Webhook(secret));
  });
});
