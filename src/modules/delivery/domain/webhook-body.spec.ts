import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookBodyOf } from './webhook-body.js';

describe('webhookBodyOf', () => {
  it('builds the API.md body, snake_case, nothing more', () => {
    const body = webhookBodyOf({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'summary',
      type: 'physical_summary',
      environment: 'sandbox',
      userId: 'user-123',
      createdAt: new Date('2026-01-02T03:04:05.006Z'),
      data: { steps: 1200 },
    });
    assert.deepEqual(body, {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'summary',
      type: 'physical_summary',
      environment: 'sandbox',
      user_id: 'user-123',
      created_at: '2026-01-02T03:04:05.006Z',
      data: { steps: 1200 },
    });
  });
});
