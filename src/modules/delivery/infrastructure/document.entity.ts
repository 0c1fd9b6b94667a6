import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus, DocumentKind, ExhaustionReason } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';

/**
 * A document handed over by a producer, and its delivery ledger row: everything needed to resume its
 * delivery after any crash (status, attempts, next_attempt_at, the lease of the worker holding it),
 * and where it rests in the rejected bucket. Delivery is the one owner of this row.
 */
@Entity({ name: 'documents' })
@Index('documents_client_created_id', ['clientId', 'createdAt', 'id'])
// An operator's list of every client's documents, newest first.
@Index('documents_created_id', ['createdAt', 'id'])
// environment and exhausted_reason ride along so the metrics count Pending documents from the index alone.
@Index('documents_due', ['hookId', 'nextAttemptAt', 'environment', 'exhaustedReason'], { where: `status = 'Pending'` })
@Index('documents_user_order', ['hookId', 'userId', 'seq'], { where: `status = 'Pending'` })
@Index('documents_client_user', ['clientId', 'userId'])
@Index('documents_waiting', ['clientId', 'environment', 'storedAt', 'id'], { where: `status = 'Failed' AND expired_at IS NULL` })
// environment rides along so the metrics count what waits in each bucket from the index alone.
@Index('documents_retention', ['expiresAt', 'environment'], { where: `status = 'Failed' AND expired_at IS NULL` })
@Index('documents_delivered_bodies', ['lastAttemptedAt'], { where: `status = 'Success' AND data IS NOT NULL` })
@Index('documents_archived', ['clientId', 'environment', 'id'], { where: `status = 'Failed' AND archived` })
@Index('documents_archive_retention', ['expiredAt'], { where: `status = 'Failed' AND archived` })
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Ingest order: documents about one user reach an ordered hook in this order. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  /** The data hook of the client and environment at ingest (data hooks are re-pointed, never removed). */
  @Column({ type: 'uuid', name: 'hook_id' })
  hookId: string;

  @Column({ type: 'text' })
  environment: Environment;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', name: 'user_id' })
  userId: string;

  /** The producer's `data` as JSON text (any JSON, `\u0000` escapes included); null once it moved to the bucket or was purged. */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  /** SHA-256 of the canonical JSON of what the producer sent: a reused id with other content is a conflict, also after a purge. */
  @Column({ type: 'text', name: 'content_hash' })
  contentHash: string;

  /** A delivery status, or 'Erased' between the first and the last step of an erasure (never shown: the document is gone). */
  @Column({ type: 'text', default: 'Pending' })
  status: DeliveryStatus | 'Erased';

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** Every attempt, scheduled or requested: the next one's number is sent as x-delivery-attempt. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Attempts of the schedule (initial and retries) taken so far. */
  @Column({ type: 'int', name: 'scheduled_attempts', default: 0 })
  scheduledAttempts: number;

  @Column({ type: 'timestamptz', name: 'first_attempted_at', nullable: true })
  firstAttemptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_attempted_at', nullable: true })
  lastAttemptedAt: Date | null;

  /** While Pending: when the next step (an attempt, or storage once exhausted) is due. */
  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  /** Set when no attempt is left: the document waits to be stored in the rejected bucket. */
  @Column({ type: 'text', name: 'exhausted_reason', nullable: true })
  exhaustedReason: ExhaustionReason | null;

  /** Failed writes to the bucket so far (S3 down): the next one backs off. */
  @Column({ type: 'int', name: 'store_attempts', default: 0 })
  storeAttempts: number;

  @Column({ type: 'text', name: 'rejected_bucket', nullable: true })
  rejectedBucket: string | null;

  @Column({ type: 'text', name: 'rejected_key', nullable: true })
  rejectedKey: string | null;

  @Column({ type: 'timestamptz', name: 'stored_at', nullable: true })
  storedAt: Date | null;

  /** When it was first stored, once a restore from the archive stored it again (stored_at is then the restore). */
  @Column({ type: 'timestamptz', name: 'first_stored_at', nullable: true })
  firstStoredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expired_at', nullable: true })
  expiredAt: Date | null;

  /** While the archive keeps it after its retention. */
  @Column({ type: 'boolean', default: false })
  archived: boolean;

  @Column({ type: 'timestamptz', name: 'body_purged_at', nullable: true })
  bodyPurgedAt: Date | null;
}
