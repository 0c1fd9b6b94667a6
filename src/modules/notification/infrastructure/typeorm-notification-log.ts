import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationLog, type NotificationChange } from '../application/ports/notification-log.js';
import type { LoggedNotification } from '../domain/notification.js';
import { NotificationRecord } from './notification.entity.js';

/** The notifications table; writes happen inside the handler's message transaction. */
@Injectable()
export class TypeOrmNotificationLog implements NotificationLog {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string): Promise<LoggedNotification | null> {
    return this.dataSource.getRepository(NotificationRecord).findOneBy({ id });
  }

  /** Many at once, in one statement. */
  async insert(tx: EntityManager, notifications: readonly LoggedNotification[]): Promise<void> {
    if (notifications.length > 0) await tx.getRepository(NotificationRecord).insert([...notifications]);
  }

  async update(tx: EntityManager, id: string, change: NotificationChange): Promise<void> {
    await tx.getRepository(NotificationRecord).update({ id }, change);
  }
}
