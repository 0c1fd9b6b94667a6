import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_SESSION_TTL_MS, isValidAdminSession, issueAdminSession } from './admin-session.js';

const TOKEN = 'operator-token-0123456789';
const OTHER = 'another-operator-token-0123';
const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('admin sessions', () => {
  it('are valid with the token that signed them until they expire', () => {
    const session = issueAdminSession(TOKEN, NOW);
    assert.equal(session.expiresAt.getTime(), NOW + ADMIN_SESSION_TTL_MS);
    assert.equal(isValidAdminSession(session.value, [OTHER, TOKEN], NOW + 1000), true);
    assert.equal(isValidAdminSession(session.value, [TOKEN], NOW + ADMIN_SESSION_TTL_MS), false, 'expired');
  });

  it('never hold the token, and differ at every sign-in', () => {
    const session = issueAdminSession(TOKEN, NOW);
    assert.ok(!session.value.includes(TOKEN));
    assert.notEqual(issueAdminSession(TOKEN, NOW).value, session.value);
  });

  it('end when their token is removed from ADMIN_TOKEN', () => {
    assert.equal(isValidAdminSession(issueAdminSession(TOKEN, NOW).value, [OTHER], NOW), false);
  });

  it('refuse a forged or damaged value', () => {
    const [expiresAt, nonce, mac] = issueAdminSession(TOKEN, NOW).value.split('.');
    const later = String(Number(expiresAt) + ADMIN_SESSION_TTL_MS);
    for (const forged of [`${later}.${nonce}.${mac}`, `${expiresAt}.${nonce}x.${mac}`, `${expiresAt}.${nonce}.${mac}A`, `${expiresAt}.${nonce}`, '', undefined]) {
      assert.equal(isValidAdminSession(forged, [TOKEN], NOW), false, String(forged));
    }
  });
});
