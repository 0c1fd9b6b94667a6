import type { Environment } from '../../../domain/environment.js';
import type { NotificationCategory } from '../../../domain/notification.js';

export const NOTIFICATION_TYPES = [
  'user.created',
  'data_source.linked',
  'data_source.unlinked',
  'extraction.failed',
  'rejected_information.retrying',
  'rejected_information.stored',
  'registration.suspended',
  'registration.restored',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * pending: sent and not accepted yet, another attempt is scheduled; delivered: accepted;
 * failed: not accepted after the last attempt; skipped: never sent (category off or no notification hook).
 */
export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** What a client is told, before it is addressed to a hook. */
export interface NotificationDraft {
  clientId: string;
  environment: Environment;
  type: NotificationType;
  category: NotificationCategory;
  data: Record<string, unknown>;
}

/** The JSON POSTed to a Notification Webhook. */
export interface NotificationBody {
  id: string;
  type: NotificationType;
  category: NotificationCategory;
  environment: Environment;
  created_at: string;
  data: Record<string, unknown>;
}

/** Builds the body; the id is the notification's, stable across attempts (it is also the webhook-id). */
export function notificationBody(id: string, draft: NotificationDraft, createdAt: string): NotificationBody {
  return { id, type: draft.type, category: draft.category, environment: draft.environment, created_at: createdAt, data: draft.data };
}

/** The user a notification is about, if any (its data names one). */
export function userOf(draft: Pick<NotificationDraft, 'data'>): string | null {
  return typeof draft.data.user_id === 'string' ? draft.data.user_id : null;
}

/** A notification as the log keeps it: the exact body sent, and how its delivery went. Its id is the reported event's. */
export interface LoggedNotification {
  id: string;
  /** When it was first recorded: its partition of the log. */
  createdAt: Date;
  clientId: string;
  environment: Environment;
  type: NotificationType;
  category: NotificationCategory;
  /** The user it is about, so that an erasure finds it; null for a notification about a hook. */
  userId: string | null;
  body: string;
  status: NotificationStatus;
  /** The notification hook of the last attempt; null when none was made. */
  hookId: string | null;
  attempts: number;
  firstAttemptedAt: Date | null;
  lastAttemptedAt: Date | null;
  nextAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
}
