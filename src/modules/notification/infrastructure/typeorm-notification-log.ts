import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import { withinRetention } from '../../../infrastructure/database/recent-rows.js';
import { NotificationLog, type NotificationChange, type NotificationRef } from '../application/ports/notification-log.js';
import type { LoggedNotification } from '../domain/notification.js';

const COLUMNS = `id, created_at AS "createdAt", client_id AS "clientId", environment, type, category, user_id AS "userId", body, status, hook_id AS "hookId",
  attempts, first_attempted_at AS "firstAttemptedAt", last_attempted_at AS "lastAttemptedAt", next_attempt_at AS "nextAttemptAt",
  last_response_status AS "lastResponseStatus", last_error AS "lastError"`;

/** The change's fields, as columns. */
const CHANGED: Record<keyof NotificationChange, string> = {
  status: 'status',
  hookId: 'hook_id',
  attempts: 'attempts',
  firstAttemptedAt: 'first_attempted_at',
  lastAttemptedAt: 'last_attempted_at',
  nextAttemptAt: 'next_attempt_at',
  lastResponseStatus: 'last_response_status',
  lastError: 'last_error',
};

/** The notifications table, time-partitioned by `created_at`: every read and write names the partition's time. */
@Injectable()
export class TypeOrmNotificationLog implements NotificationLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async find({ id, createdAt }: NotificationRef): Promise<LoggedNotification | null> {
    const rows: LoggedNotification[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notifications WHERE id = $1 AND ${createdAt ? 'created_at = $2' : withinRetention('created_at', 'now()', '$2')}`,
      [id, createdAt ?? this.config.eventRetentionMs],
    );
    return rows[0] ?? null;
  }

  async insert(tx: EntityManager, notifications: readonly LoggedNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const column = <T>(pick: (notification: LoggedNotification) => T) => notifications.map(pick);
    await tx.query(
      `INSERT INTO notifications (id, created_at, client_id, environment, type, category, user_id, body, status, hook_id, attempts, first_attempted_at,
         last_attempted_at, next_attempt_at, last_response_status, last_error)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::int[],
         $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::int[], $16::text[])`,
      [
        column((n) => n.id),
        column((n) => n.createdAt),
        column((n) => n.clientId),
        column((n) => n.environment),
        column((n) => n.type),
        column((n) => n.category),
        column((n) => n.userId),
        column((n) => n.body),
        column((n) => n.status),
        column((n) => n.hookId),
        column((n) => n.attempts),
        column((n) => n.firstAttemptedAt),
        column((n) => n.lastAttemptedAt),
        column((n) => n.nextAttemptAt),
        column((n) => n.lastResponseStatus),
        column((n) => n.lastError),
      ],
    );
  }

  async update(tx: EntityManager, notification: Pick<LoggedNotification, 'id' | 'createdAt'>, change: NotificationChange): Promise<void> {
    const fields = Object.entries(change).filter(([, value]) => value !== undefined) as [keyof NotificationChange, unknown][];
    const params: unknown[] = [notification.id, notification.createdAt];
    const sets = fields.map(([field, value]) => `${CHANGED[field]} = $${params.push(value)}`);
    await tx.query(`UPDATE notifications SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND created_at = $2`, params);
  }
}
