import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiryOf, objectKey } from './rejected-document.js';

const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';
const DOCUMENT = '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10';

describe('objectKey', () => {
  it('files a document under its client, kind and UTC day of storage', () => {
    assert.equal(objectKey({ clientId: CLIENT, kind: 'event', documentId: DOCUMENT }, new Date('2026-03-01T23:59:59.999Z')), `${CLIENT}/event/2026/03/01/${DOCUMENT}.json`);
    assert.equal(objectKey({ clientId: CLIENT, kind: 'summary', documentId: DOCUMENT }, new Date('2026-12-31T00:00:00.000Z')), `${CLIENT}/summary/2026/12/31/${DOCUMENT}.json`);
  });
});

describe('expiryOf', () => {
  it('keeps a document for its environment retention from the moment it was stored', () => {
    assert.deepEqual(expiryOf(new Date('2026-03-01T12:00:00.000Z'), 3 * 24 * 3600_000), new Date('2026-03-04T12:00:00.000Z'));
  });
});
