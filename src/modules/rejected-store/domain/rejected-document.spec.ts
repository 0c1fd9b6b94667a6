import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiryOf, isWaiting, objectKey, type RejectedDocument } from './rejected-document.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import { RejectedStoreInvalidInput } from './errors.js';

const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';
const DOCUMENT = '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10';

function document(overrides: Partial<RejectedDocument> = {}): RejectedDocument {
  const storedAt = new Date('2026-03-01T12:00:00.000Z');
  return {
    documentId: DOCUMENT,
    clientId: CLIENT,
    environment: 'sandbox',
    kind: 'event',
    type: 'workout',
    userId: 'user-1',
    bucket: 'rejected-sandbox',
    key: objectKey({ clientId: CLIENT, kind: 'event', documentId: DOCUMENT }, storedAt),
    attempts: 4,
    storedAt,
    expiresAt: expiryOf(storedAt, 3 * 24 * 3600_000),
    expiredAt: null,
    removedAt: null,
    ...overrides,
  };
}

describe('objectKey', () => {
  it('files a document under its client, kind and the UTC day it was stored', () => {
    assert.equal(
      objectKey({ clientId: CLIENT, kind: 'summary', documentId: DOCUMENT }, new Date('2026-12-31T23:59:59.999Z')),
      `${CLIENT}/summary/2026/12/31/${DOCUMENT}.json`,
    );
    // Just past midnight UTC is the next day, whatever the local time zone.
    assert.equal(
      objectKey({ clientId: CLIENT, kind: 'event', documentId: DOCUMENT }, new Date('2027-01-01T00:00:00.000Z')),
      `${CLIENT}/event/2027/01/01/${DOCUMENT}.json`,
    );
  });
});

describe('retention', () => {
  it('expires a document its retention after it was stored', () => {
    assert.equal(expiryOf(new Date('2026-03-01T12:00:00.000Z'), 3 * 24 * 3600_000).toISOString(), '2026-03-04T12:00:00.000Z');
  });

  it('counts a document as waiting until it is delivered, expired or past its expiry', () => {
    const stored = document();
    assert.equal(isWaiting(stored, new Date('2026-03-04T11:59:59.999Z')), true);
    assert.equal(isWaiting(stored, new Date('2026-03-04T12:00:00.000Z')), false);
    assert.equal(isWaiting(document({ removedAt: new Date() }), new Date('2026-03-02T00:00:00Z')), false);
    assert.equal(isWaiting(document({ expiredAt: new Date() }), new Date('2026-03-02T00:00:00Z')), false);
  });
});

describe('list cursor', () => {
  it('gives back the position it was made from', () => {
    const position = { storedAt: new Date('2026-03-01T12:00:00.123Z'), documentId: DOCUMENT };
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  it('refuses a cursor this API did not make', () => {
    for (const cursor of ['garbage', Buffer.from('["nope","x"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      assert.throws(() => decodeCursor(cursor), RejectedStoreInvalidInput);
    }
  });
});
