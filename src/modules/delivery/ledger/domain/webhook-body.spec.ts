import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookBodyText } from './webhook-body.js';

const document = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  kind: 'summary' as const,
  type: 'physical_summary',
  environment: 'sandbox' as const,
  userId: 'user-"123"',
  createdAt: new Date('2026-01-02T03:04:05.006Z'),
  data: '{"steps":1200}',
};

describe('webhookBodyText', () => {
  it('is the API.md body, snake_case, in the contract order, nothing more', () => {
    const text = webhookBodyText(document);
    assert.deepEqual(Object.keys(JSON.parse(text)), ['id', 'kind', 'type', 'environment', 'user_id', 'created_at', 'data']);
    assert.deepEqual(JSON.parse(text), {
      id: document.id,
      kind: 'summary',
      type: 'physical_summary',
      environment: 'sandbox',
      user_id: 'user-"123"',
      created_at: '2026-01-02T03:04:05.006Z',
      data: { steps: 1200 },
    });
  });

  it('carries any JSON value as data, NUL escapes included', () => {
    for (const data of ['null', '[1,"two",{"three":3}]', '"text"', '{"note":"a\\u0000b"}']) {
      assert.deepEqual(JSON.parse(webhookBodyText({ ...document, data })).data, JSON.parse(data), data);
    }
  });
});
