import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor, InvalidCursor } from './cursor.js';

describe('list cursors', () => {
  it('come back as the position they were made from', () => {
    const position = { at: new Date('2026-02-03T04:05:06.789Z'), id: '7f1c2a9e-0d4b-4c1e-9a57-3b2d1e0f9a11' };
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  it('refuse anything this API did not make', () => {
    const made = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const text of ['', 'not-base64!', made({}), made(['2026-01-01T00:00:00.000Z']), made(['yesterday', '7f1c2a9e-0d4b-4c1e-9a57-3b2d1e0f9a11']), made(['2026-01-01T00:00:00.000Z', 'x'])]) {
      assert.throws(() => decodeCursor(text), InvalidCursor, text);
    }
  });
});
