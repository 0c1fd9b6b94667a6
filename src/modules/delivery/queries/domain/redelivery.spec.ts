import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { belongsToHook, redeliveryViewOf } from './redelivery.js';

describe('belongsToHook', () => {
  const document = { clientId: 'c1', environment: 'sandbox' as const };

  it('accepts the data hook of the same client and environment', () => {
    assert.equal(belongsToHook(document, { clientId: 'c1', environment: 'sandbox', kind: 'data' }), true);
  });

  it('refuses another client, another environment or a notification hook', () => {
    assert.equal(belongsToHook(document, { clientId: 'c2', environment: 'sandbox', kind: 'data' }), false);
    assert.equal(belongsToHook(document, { clientId: 'c1', environment: 'production', kind: 'data' }), false);
    assert.equal(belongsToHook(document, { clientId: 'c1', environment: 'sandbox', kind: 'notification' }), false);
  });
});

describe('redeliveryViewOf', () => {
  it("answers in hookshot's shape, response_status null without a response", () => {
    const view = redeliveryViewOf(
      { id: 'doc', type: 'physical_summary' },
      {
        documentId: 'doc',
        clientId: 'client',
        hookId: 'hook',
        deliveryId: 'delivery',
        delivered: false,
        responseStatus: null,
        responseDurationMs: 250,
        attemptedAt: '2026-01-01T00:00:00.000Z',
        error: 'timeout: no complete response',
      },
    );
    assert.deepEqual(view, {
      id: 'doc',
      tenant_id: 'client',
      delivery_id: 'delivery',
      event: 'physical_summary',
      enqueued_at: '2026-01-01T00:00:00.000Z',
      redelivery: true,
      hook_id: 'hook',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.250Z',
      response_status: null,
      response_duration_ms: 250,
    });
  });
});
