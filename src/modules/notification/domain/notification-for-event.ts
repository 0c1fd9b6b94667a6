import { v5 as uuidv5 } from 'uuid';
import type { DomainEvent, EventType } from '../../../domain/events.js';
import type { NotificationDraft } from './notification.js';

/** The facts a client is told about. */
export const NOTIFIED_EVENT_TYPES = [
  'user.created',
  'data_source.linked',
  'data_source.unlinked',
  'extraction.failed',
  'delivery.failed',
  'document.stored',
  'hook.suspended',
  'hook.restored',
] as const satisfies readonly EventType[];
export type NotifiedEventType = (typeof NOTIFIED_EVENT_TYPES)[number];

/** A notification ready to be addressed: its id is stable however often the fact is handled (it is also the webhook-id). */
export interface IdentifiedDraft extends NotificationDraft {
  id: string;
}

/** Names the notification ids of facts about many documents: one per (fact, document). */
const PER_DOCUMENT = '2f5d3c2a-8e0b-4c77-9a61-6c1e5b0f4d13';

/** The id of the notification about one document of a fact about many (a UUID v5 of both ids). */
export function notificationIdFor(eventId: string, documentId: string): string {
  return uuidv5(`${eventId}/${documentId}`, PER_DOCUMENT);
}

/**
 * The notifications a fact becomes: one for a fact about a user or a hook (its id is the fact's), one per
 * document for a round of delivery (a failed attempt with none after it tells nothing: document.stored will).
 */
export function notificationsFor(event: DomainEvent<NotifiedEventType>): IdentifiedDraft[] {
  const single = (draft: NotificationDraft): IdentifiedDraft[] => [{ id: event.id, ...draft }];
  const perDocument = (documentId: string) => notificationIdFor(event.id, documentId);
  switch (event.type) {
    case 'user.created': {
      const { clientId, environment, userId } = (event as DomainEvent<'user.created'>).payload;
      return single({ clientId, environment, type: 'user.created', category: 'user_management', data: { user_id: userId } });
    }
    case 'data_source.linked':
    case 'data_source.unlinked': {
      const { clientId, environment, userId, dataSource } = (event as DomainEvent<'data_source.linked'>).payload;
      return single({ clientId, environment, type: event.type, category: 'user_management', data: { user_id: userId, data_source: dataSource } });
    }
    case 'extraction.failed': {
      const { clientId, environment, userId, dataSource, reason } = (event as DomainEvent<'extraction.failed'>).payload;
      return single({ clientId, environment, type: 'extraction.failed', category: 'extraction_failures', data: { user_id: userId, data_source: dataSource, reason } });
    }
    case 'delivery.failed': {
      const { clientId, environment, documents } = (event as DomainEvent<'delivery.failed'>).payload;
      return documents
        .filter((document) => document.nextAttemptNumber !== null)
        .map((document) => ({
          id: perDocument(document.documentId),
          clientId,
          environment,
          type: 'rejected_information.retrying',
          category: 'rejected_information',
          data: {
            document_id: document.documentId,
            kind: document.kind,
            type: document.type,
            user_id: document.userId,
            attempt: document.nextAttemptNumber,
            next_attempt_at: document.nextAttemptAt,
          },
        }));
    }
    case 'document.stored': {
      const { clientId, environment, documents } = (event as DomainEvent<'document.stored'>).payload;
      return documents.map((document) => ({
        id: perDocument(document.documentId),
        clientId,
        environment,
        type: 'rejected_information.stored',
        category: 'rejected_information',
        data: { document_id: document.documentId, kind: document.kind, type: document.type, user_id: document.userId, expires_at: document.expiresAt },
      }));
    }
    case 'hook.suspended':
    case 'hook.restored': {
      const { clientId, environment, hookId } = (event as DomainEvent<'hook.suspended'>).payload;
      const type = event.type === 'hook.suspended' ? 'registration.suspended' : 'registration.restored';
      return single({ clientId, environment, type, category: 'rejected_information', data: { hook_id: hookId } });
    }
  }
}
