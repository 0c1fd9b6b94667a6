import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEvent, type EventCatalogue } from '../../../domain/events.js';
import { notificationsFor } from './notification-for-event.js';
import { notificationBody } from './notification.js';

const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';
const DOCUMENT = '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10';
const OTHER = '9a3e7c2d-51b4-4f0a-8d6e-2c7b9f1a0e55';
const HOOK = '1d2c0e52-49b5-4b16-a8a6-0f2d8c7f0c11';
const user = { clientId: CLIENT, environment: 'production' as const, userId: 'user-1' };
const hook = { hookId: HOOK, clientId: CLIENT, environment: 'sandbox' as const };
const document = { documentId: DOCUMENT, kind: 'event' as const, type: 'sleep', userId: 'user-1' };

type FailedDocument = EventCatalogue['delivery.failed']['documents'][number];
function failed(...documents: Partial<FailedDocument>[]) {
  return createEvent('delivery.failed', {
    ...hook,
    documents: documents.map((overrides) => ({
      ...document,
      attempt: 1,
      trigger: 'initial' as const,
      deliveryId: 'e1f0f5c6-3a7e-4a59-8c07-2a0f5e1e4b22',
      responseStatus: 500,
      error: null,
      nextAttemptNumber: 2,
      nextAttemptAt: '2026-01-10T10:00:00.000Z',
      ...overrides,
    })),
  });
}

describe('the notifications a fact becomes', () => {
  it('tells user management and extraction facts with the user and data source, under the fact id', () => {
    const created = createEvent('user.created', user);
    assert.deepEqual(notificationsFor(created), [
      { id: created.id, clientId: CLIENT, environment: 'production', type: 'user.created', category: 'user_management', data: { user_id: 'user-1' } },
    ]);
    assert.deepEqual(notificationsFor(createEvent('data_source.unlinked', { ...user, dataSource: 'garmin' }))[0].data, { user_id: 'user-1', data_source: 'garmin' });
    const [extraction] = notificationsFor(createEvent('extraction.failed', { ...user, dataSource: 'garmin', reason: 'credentials' }));
    assert.equal(extraction.category, 'extraction_failures');
    assert.deepEqual(extraction.data, { user_id: 'user-1', data_source: 'garmin', reason: 'credentials' });
  });

  it('tells each failed attempt with one ahead as retrying, naming the next attempt and its time', () => {
    const [retrying] = notificationsFor(failed({}));
    assert.deepEqual(retrying.data, { document_id: DOCUMENT, kind: 'event', type: 'sleep', user_id: 'user-1', attempt: 2, next_attempt_at: '2026-01-10T10:00:00.000Z' });
    assert.equal(retrying.type, 'rejected_information.retrying');
    assert.equal(retrying.category, 'rejected_information');
    assert.equal(retrying.environment, 'sandbox');
  });

  it('tells nothing of a last failed attempt, and one notification per document of a round', () => {
    const round = failed({ attempt: 4, nextAttemptNumber: null, nextAttemptAt: null }, { documentId: OTHER });
    const told = notificationsFor(round);
    assert.deepEqual(
      told.map((notification) => notification.data.document_id),
      [OTHER],
    );
  });

  it('gives each document its own notification id, the same however often the fact is handled', () => {
    const round = failed({}, { documentId: OTHER });
    const [first, second] = notificationsFor(round);
    assert.notEqual(first.id, second.id);
    assert.deepEqual(
      notificationsFor(round).map((notification) => notification.id),
      [first.id, second.id],
    );
  });

  it('tells a stored document with its expiry, and hook suspension and restoration with the hook', () => {
    const stored = createEvent('document.stored', {
      ...hook,
      documents: [{ ...document, bucket: 'rejected-sandbox', key: 'k', storedAt: '2026-01-12T08:00:00.000Z', expiresAt: '2026-01-15T08:00:00.000Z' }],
    });
    assert.deepEqual(notificationsFor(stored)[0].data, { document_id: DOCUMENT, kind: 'event', type: 'sleep', user_id: 'user-1', expires_at: '2026-01-15T08:00:00.000Z' });
    assert.equal(notificationsFor(createEvent('hook.suspended', hook))[0].type, 'registration.suspended');
    const [restored] = notificationsFor(createEvent('hook.restored', hook));
    assert.equal(restored.type, 'registration.restored');
    assert.deepEqual(restored.data, { hook_id: HOOK });
    assert.equal(restored.category, 'rejected_information');
  });

  it('builds the body in the documented shape', () => {
    const [draft] = notificationsFor(createEvent('user.created', user));
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
