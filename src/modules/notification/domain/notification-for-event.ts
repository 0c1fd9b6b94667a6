import type { DomainEvent, EventType } from '../../../domain/events.js';
import { derivedId } from '../../../domain/ids.js';
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

/** The id of the notification about one document of a fact about many: derived from both ids, a UUIDv7 of the fact's time. */
export function notificationIdFor(event: Pick<DomainEvent, 'id' | 'occurredAt'>, documentId: string): string {
  return derivedId(`notification/${event.id}/${documentId}`, new Date(event.occurredAt));
}

/**
 * The notifications a fact becomes: one for a fact about a user or a hook (its id is the fact's), one per
 * document for a round of delivery (a failed attempt with none after it tells nothing: document.stored will).
 */
export function notificationsFor(event: DomainEvent<NotifiedEventType>): IdentifiedDraft[] {
  const single = (draft: NotificationDraft): IdentifiedDraft[] => [{ id: event.id, ...draft }];
  const perDocument = (documentId: string) => notificationIdFor(event, documentId);
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
