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

/** The notification a fact becomes, or null when there is nothing to tell (a failed attempt with none after it). */
export function notificationFor(event: DomainEvent<NotifiedEventType>): NotificationDraft | null {
  switch (event.type) {
    case 'user.created': {
      const { clientId, environment, userId } = (event as DomainEvent<'user.created'>).payload;
      return { clientId, environment, type: 'user.created', category: 'user_management', data: { user_id: userId } };
    }
    case 'data_source.linked':
    case 'data_source.unlinked': {
      const { clientId, environment, userId, dataSource } = (event as DomainEvent<'data_source.linked'>).payload;
      return { clientId, environment, type: event.type, category: 'user_management', data: { user_id: userId, data_source: dataSource } };
    }
    case 'extraction.failed': {
      const { clientId, environment, userId, dataSource, reason } = (event as DomainEvent<'extraction.failed'>).payload;
      return {
        clientId,
        environment,
        type: 'extraction.failed',
        category: 'extraction_failures',
        data: { user_id: userId, data_source: dataSource, reason },
      };
    }
    case 'delivery.failed': {
      const failed = (event as DomainEvent<'delivery.failed'>).payload;
      // The last failure is followed by document.stored; only a failure with a retry ahead is "retrying".
      if (failed.nextAttemptNumber === null) return null;
      return {
        clientId: failed.clientId,
        environment: failed.environment,
        type: 'rejected_information.retrying',
        category: 'rejected_information',
        data: {
          document_id: failed.documentId,
          kind: failed.kind,
          type: failed.type,
          user_id: failed.userId,
          attempt: failed.nextAttemptNumber,
          next_attempt_at: failed.nextAttemptAt,
        },
      };
    }
    case 'document.stored': {
      const stored = (event as DomainEvent<'document.stored'>).payload;
      return {
        clientId: stored.clientId,
        environment: stored.environment,
        type: 'rejected_information.stored',
        category: 'rejected_information',
        data: { document_id: stored.documentId, kind: stored.kind, type: stored.type, user_id: stored.userId, expires_at: stored.expiresAt },
      };
    }
    case 'hook.suspended':
    case 'hook.restored': {
      const { clientId, environment, hookId } = (event as DomainEvent<'hook.suspended'>).payload;
      const type = event.type === 'hook.suspended' ? 'registration.suspended' : 'registration.restored';
      return { clientId, environment, type, category: 'rejected_information', data: { hook_id: hookId } };
    }
  }
}
