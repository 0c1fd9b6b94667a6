import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEvent, type EventCatalogue } from '../../../domain/events.js';
import { notificationFor } from './notification-for-event.js';
import { notificationBody } from './notification.js';

const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';
const DOCUMENT = '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10';
const HOOK = '1d2c0e52-49b5-4b16-a8a6-0f2d8c7f0c11';
const user = { clientId: CLIENT, environment: 'production' as const, userId: 'user-1' };
const document = { documentId: DOCUMENT, clientId: CLIENT, environment: 'sandbox' as const, kind: 'event' as const, type: 'sleep', userId: 'user-1' };

function failed(overrides: Partial<EventCatalogue['delivery.failed']>) {
  return createEvent('delivery.failed', {
    ...document,
    hookId: HOOK,
    attempt: 1,
    trigger: 'initial',
    deliveryId: 'e1f0f5c6-3a7e-4a59-8c07-2a0f5e1e4b22',
    responseStatus: 500,
    error: null,
    firstAttemptAt: '2026-01-10T08:00:00.000Z',
    nextAttemptNumber: 2,
    nextAttemptAt: '2026-01-10T10:00:00.000Z',
    ...overrides,
  });
}

describe('the notification a fact becomes', () => {
  it('tells user management and extraction facts with the user and data source', () => {
    assert.deepEqual(notificationFor(createEvent('user.created', user)), {
      clientId: CLIENT,
      environment: 'production',
      type: 'user.created',
      category: 'user_management',
      data: { user_id: 'user-1' },
    });
    assert.deepEqual(notificationFor(createEvent('data_source.unlinked', { ...user, dataSource: 'garmin' }))?.data, { user_id: 'user-1', data_source: 'garmin' });
    const extraction = notificationFor(createEvent('extraction.failed', { ...user, dataSource: 'garmin', reason: 'credentials' }));
    assert.equal(extraction?.category, 'extraction_failures');
    assert.deepEqual(extraction?.data, { user_id: 'user-1', data_source: 'garmin', reason: 'credentials' });
  });

  it('tells a failed attempt with one ahead as retrying, naming the next attempt and its time', () => {
    assert.deepEqual(notificationFor(failed({})), {
      clientId: CLIENT,
      environment: 'sandbox',
      type: 'rejected_information.retrying',
      category: 'rejected_information',
      data: { document_id: DOCUMENT, kind: 'event', type: 'sleep', user_id: 'user-1', attempt: 2, next_attempt_at: '2026-01-10T10:00:00.000Z' },
    });
  });

  it('tells nothing of the last failed attempt', () => {
    assert.equal(notificationFor(failed({ attempt: 4, nextAttemptNumber: null, nextAttemptAt: null })), null);
  });

  it('tells a stored document with its expiry, and hook suspension and restoration with the hook', () => {
    const stored = createEvent('document.stored', { ...document, bucket: 'rejected-sandbox', key: 'k', storedAt: '2026-01-12T08:00:00.000Z', expiresAt: '2026-01-15T08:00:00.000Z' });
    assert.deepEqual(notificationFor(stored)?.data, { document_id: DOCUMENT, kind: 'event', type: 'sleep', user_id: 'user-1', expires_at: '2026-01-15T08:00:00.000Z' });
    const hook = { hookId: HOOK, clientId: CLIENT, environment: 'sandbox' as const };
    assert.equal(notificationFor(createEvent('hook.suspended', hook))?.type, 'registration.suspended');
    assert.equal(notificationFor(createEvent('hook.restored', hook))?.type, 'registration.restored');
    assert.deepEqual(notificationFor(createEvent('hook.restored', hook))?.data, { hook_id: HOOK });
    assert.equal(notificationFor(createEvent('hook.restored', hook))?.category, 'rejected_information');
  });

  it('builds the body in the documented shape', () => {
    const draft = notificationFor(createEvent('user.created', user))!;
    assert.deepEqual(notificationBody('n-1', draft, '2026-01-10T08:00:00.000Z'), {
      id: 'n-1',
      type: 'user.created',
      category: 'user_management',
      environment: 'production',
      created_at: '2026-01-10T08:00:00.000Z',
      data: { user_id: 'user-1' },
    });
  });
});
