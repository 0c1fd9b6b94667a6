import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus, DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import type { SkippedReason } from '../domain/stored-document.js';

/** A document handed over by a producer; its body stays here after delivery so it can be redelivered. */
@Entity({ name: 'documents' })
@Index('documents_client_created_id', ['clientId', 'createdAt', 'id'])
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text' })
  environment: Environment;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', name: 'user_id' })
  userId: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'text', default: 'Pending' })
  status: DeliveryStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'first_attempted_at', nullable: true })
  firstAttemptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_attempted_at', nullable: true })
  lastAttemptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', name: 'skipped_reason', nullable: true })
  skippedReason: SkippedReason | null;

  @Column({ type: 'text', name: 'rejected_bucket', nullable: true })
  rejectedBucket: string | null;

  @Column({ type: 'text', name: 'rejected_key', nullable: true })
  rejectedKey: string | null;

  @Column({ type: 'timestamptz', name: 'stored_at', nullable: true })
  storedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', name: 'expired_at', nullable: true })
  expiredAt: Date | null;
}
