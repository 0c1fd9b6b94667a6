import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentHash } from './content-hash.js';

const document = { clientId: 'c1', environment: 'sandbox' as const, kind: 'event' as const, type: 't', userId: 'u', data: { a: 1, b: [1, 2], c: { d: 'x' } } };

describe('contentHash', () => {
  it('is the same for the same JSON values whatever the key order', () => {
    assert.equal(contentHash(document), contentHash({ ...document, data: { c: { d: 'x' }, b: [1, 2], a: 1.0 } }));
  });

  it('differs when any field or value differs', () => {
    const hash = contentHash(document);
    for (const other of [{ ...document, userId: 'v' }, { ...document, clientId: 'c2' }, { ...document, data: { a: 1, b: [2, 1], c: { d: 'x' } } }]) {
      assert.notEqual(contentHash(other), hash);
    }
  });
});
