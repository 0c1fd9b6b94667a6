import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { DeliveryTrigger } from '../../../domain/document.js';

/**
 * One POST to a data hook. (document_id, scheduled_attempt) is unique, so a redelivered message for a
 * recorded attempt is a no-op; its index also serves the lookups by document.
 */
@Entity({ name: 'delivery_attempts' })
@Unique('delivery_attempts_document_scheduled', ['documentId', 'scheduledAttempt'])
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'uuid', name: 'delivery_id' })
  deliveryId: string;

  @Column({ type: 'uuid', name: 'document_id' })
  documentId: string;

  /** 1-based over all attempts of the document; also sent as x-delivery-attempt. */
  @Column({ type: 'int' })
  attempt: number;

  /** 1 = initial, 2.. = retries; null for resends and redeliveries. */
  @Column({ type: 'int', name: 'scheduled_attempt', nullable: true })
  scheduledAttempt: number | null;

  @Column({ type: 'text' })
  trigger: DeliveryTrigger;

  @Column({ type: 'uuid', name: 'hook_id' })
  hookId: string;

  @Column({ type: 'timestamptz', name: 'attempted_at' })
  attemptedAt: Date;

  @Column({ type: 'int', name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'int', name: 'response_duration_ms' })
  responseDurationMs: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
