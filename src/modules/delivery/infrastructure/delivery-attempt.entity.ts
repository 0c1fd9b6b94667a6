import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryTrigger } from '../../../domain/document.js';

/**
 * One POST to a data hook. Its number is taken when the document is claimed, so (document, attempt) is
 * unique: recording one twice is a no-op, and the one index also serves the lookups by document.
 */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'uuid', name: 'document_id' })
  documentId: string;

  /** 1-based over all attempts of the document; also sent as x-delivery-attempt. */
  @PrimaryColumn({ type: 'int' })
  attempt: number;

  /** This attempt's id (x-delivery-id, `deliveryId` in the events API); random, never looked up. */
  @Column({ type: 'uuid', name: 'delivery_id' })
  deliveryId: string;

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
