import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erasedDocumentOf, heldUntil } from './erasure.js';

const now = new Date('2026-04-10T12:00:00.000Z');
const document = {
  id: '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10',
  clientId: '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a',
  environment: 'sandbox' as const,
  kind: 'summary' as const,
  rejectedBucket: null,
  rejectedKey: null,
  exhaustedReason: null,
  createdAt: new Date('2026-04-08T09:00:00.000Z'),
  storedAt: null,
};

describe('erasedDocumentOf', () => {
  it('has no object to look for when the document never went to the bucket', () => {
    assert.deepEqual(erasedDocumentOf(document, now), {
      documentId: document.id,
      clientId: document.clientId,
      environment: 'sandbox',
      kind: 'summary',
      rejected: null,
      storageWindow: null,
    });
  });

  it('names its recorded location, and since it was exhausted, the span in which an unrecorded write may have happened', () => {
    const stored = { ...document, exhaustedReason: 'retries_exhausted' as const, rejectedBucket: 'rejected-sandbox', rejectedKey: 'k.json', storedAt: new Date('2026-04-10T09:00:00.000Z') };
    const erased = erasedDocumentOf(stored, now);
    assert.deepEqual(erased.rejected, { bucket: 'rejected-sandbox', key: 'k.json' });
    assert.deepEqual(erased.storageWindow, { from: document.createdAt, to: stored.storedAt });
    assert.deepEqual(erasedDocumentOf({ ...document, exhaustedReason: 'gone' }, now).storageWindow, { from: document.createdAt, to: now });
  });
});

describe('heldUntil', () => {
  it('is the latest lease still running, or null', () => {
    const soon = new Date(now.getTime() + 5000);
    assert.deepEqual(heldUntil([null, soon, new Date(now.getTime() + 1000)], now), soon);
    assert.equal(heldUntil([null, new Date(now.getTime() - 1000)], now), null);
    assert.equal(heldUntil([], now), null);
  });
});
