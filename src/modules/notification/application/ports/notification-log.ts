import type { EntityManager } from 'typeorm';
import type { LoggedNotification } from '../../domain/notification.js';

/** What a delivery attempt changes on a logged notification. */
export type NotificationChange = Partial<Omit<LoggedNotification, 'id' | 'clientId' | 'environment' | 'type' | 'category' | 'userId' | 'body'>>;

/** Every notification and how its delivery went; writes happen inside the handler's message transaction. */
export abstract class NotificationLog {
  abstract find(id: string): Promise<LoggedNotification | null>;
  /** Many at once. */
  abstract insert(tx: EntityManager, notifications: readonly LoggedNotification[]): Promise<void>;
  abstract update(tx: EntityManager, id: string, change: NotificationChange): Promise<void>;
}
