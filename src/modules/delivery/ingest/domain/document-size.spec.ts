import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializedBytes } from './document-size.js';

describe('serializedBytes', () => {
  it('counts the serialized JSON in UTF-8 bytes, not characters', () => {
    assert.equal(serializedBytes({ a: 'x' }), '{"a":"x"}'.length);
    assert.equal(serializedBytes({ a: 'é' }), '{"a":""}'.length + 2);
    assert.equal(serializedBytes({ a: '😀' }), '{"a":""}'.length + 4);
  });
});
