import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationRecord } from './notification.entity.js';

export type NewNotification = Pick<
  NotificationRecord,
  | 'id'
  | 'clientId'
  | 'environment'
  | 'type'
  | 'category'
  | 'userId'
  | 'body'
  | 'status'
  | 'hookId'
  | 'attempts'
  | 'firstAttemptedAt'
  | 'lastAttemptedAt'
  | 'nextAttemptAt'
  | 'lastResponseStatus'
  | 'lastError'
>;

export type NotificationChange = Partial<Omit<NewNotification, 'id' | 'clientId' | 'environment' | 'type' | 'category' | 'userId' | 'body'>>;

/** The notifications table; writes happen inside the handler's message transaction. */
@Injectable()
export class NotificationLog {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string): Promise<NotificationRecord | null> {
    return this.dataSource.getRepository(NotificationRecord).findOneBy({ id });
  }

  /** Many at once, in one statement. */
  async insert(tx: EntityManager, notifications: readonly NewNotification[]): Promise<void> {
    if (notifications.length > 0) await tx.getRepository(NotificationRecord).insert([...notifications]);
  }

  async update(tx: EntityManager, id: string, change: NotificationChange): Promise<void> {
    await tx.getRepository(NotificationRecord).update({ id }, change);
  }
}
