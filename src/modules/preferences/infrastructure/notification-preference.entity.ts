import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { NotificationCategory } from '../../../domain/notification.js';

/** A category a client has set in one environment; a category without a row is on. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceRecord {
  @PrimaryColumn({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @PrimaryColumn({ type: 'text' })
  environment: Environment;

  @PrimaryColumn({ type: 'text' })
  category: NotificationCategory;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
