import type { EntityManager } from 'typeorm';
import type { LoggedNotification } from '../../domain/notification.js';

/** What a delivery attempt changes on a logged notification. */
export type NotificationChange = Partial<Omit<LoggedNotification, 'id' | 'createdAt' | 'clientId' | 'environment' | 'type' | 'category' | 'userId' | 'body'>>;

/** Which notification: its id, and when it was recorded (unknown for a retry published before the log was partitioned). */
export interface NotificationRef {
  id: string;
  createdAt: Date | null;
}

/** Every notification and how its delivery went, within EVENT_RETENTION; writes happen inside the handler's message transaction. */
export abstract class NotificationLog {
  abstract find(notification: NotificationRef): Promise<LoggedNotification | null>;
  /** Many at once. */
  abstract insert(tx: EntityManager, notifications: readonly LoggedNotification[]): Promise<void>;
  abstract update(tx: EntityManager, notification: Pick<LoggedNotification, 'id' | 'createdAt'>, change: NotificationChange): Promise<void>;
}
