import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor, InvalidCursorError } from './events-cursor.js';

describe('events cursor', () => {
  const cursor = { createdAt: new Date('2026-03-04T05:06:07.089Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' };

  it('round-trips and is url-safe', () => {
    const text = encodeCursor(cursor);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text), cursor);
  });

  for (const [name, text] of Object.entries({
    'not base64 JSON': 'not-a-cursor',
    'a JSON object': Buffer.from('{"a":1}').toString('base64url'),
    'a bad id': Buffer.from(JSON.stringify(['2026-03-04T05:06:07.089Z', 'x'])).toString('base64url'),
    'a bad date': Buffer.from(JSON.stringify(['yesterday', cursor.id])).toString('base64url'),
    empty: '',
  })) {
    it(`refuses ${name} with a 400-kind error`, () => {
      assert.throws(() => decodeCursor(text), (error: unknown) => error instanceof InvalidCursorError && error.kind === 'invalid');
    });
  }
});
