import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { NotificationCategory } from '../../../domain/notification.js';
import type { LoggedNotification, NotificationStatus, NotificationType } from '../domain/notification.js';

/** One notification and how its delivery went. Its id is the id of the event it reports. */
@Entity({ name: 'notifications' })
@Index('notifications_client_environment_created', ['clientId', 'environment', 'createdAt'])
@Index('notifications_client_user', ['clientId', 'userId'])
export class NotificationRecord implements LoggedNotification {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text' })
  environment: Environment;

  @Column({ type: 'text' })
  type: NotificationType;

  @Column({ type: 'text' })
  category: NotificationCategory;

  /** The user it is about (its body's data.user_id), so that an erasure finds it; null for a notification about a hook. */
  @Column({ type: 'text', name: 'user_id', nullable: true })
  userId: string | null;

  /** The exact JSON sent, so every attempt sends (and signs) the same bytes. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  status: NotificationStatus;

  /** The notification hook of the last attempt; null when none was made. */
  @Column({ type: 'uuid', name: 'hook_id', nullable: true })
  hookId: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'first_attempted_at', nullable: true })
  firstAttemptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_attempted_at', nullable: true })
  lastAttemptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'int', name: 'last_response_status', nullable: true })
  lastResponseStatus: number | null;

  /** Why the last attempt failed or why nothing was sent; never holds a secret. */
  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
