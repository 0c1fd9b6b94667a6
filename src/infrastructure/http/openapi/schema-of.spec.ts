import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaOf } from './schema-of.js';

describe('schemaOf', () => {
  it('reads types, uuids, times, nulls and nested shapes off an example', () => {
    assert.deepEqual(
      schemaOf({ id: '3f2b8c1e-5d4a-4b7e-9c1d-2a6f0e8b7c45', at: '2026-01-10T08:00:00.000Z', n: 3, ms: 1.5, ok: true, next: null, items: [{ name: 'x' }], none: [] }),
      {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          at: { type: 'string', format: 'date-time' },
          n: { type: 'integer' },
          ms: { type: 'number' },
          ok: { type: 'boolean' },
          next: { nullable: true },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          none: { type: 'array', items: {} },
        },
      },
    );
  });
});
