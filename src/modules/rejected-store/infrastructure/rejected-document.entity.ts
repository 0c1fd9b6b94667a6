import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rejected_documents' })
@Index('rejected_documents_listing', ['clientId', 'environment', 'storedAt', 'documentId'])
@Index('rejected_documents_due_for_sweep', ['expiresAt'], { where: 'expired_at IS NULL AND removed_at IS NULL' })
export class RejectedDocumentRecord {
  @PrimaryColumn({ type: 'uuid', name: 'document_id' })
  documentId: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text' })
  environment: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', name: 'user_id' })
  userId: string;

  @Column({ type: 'text' })
  bucket: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'stored_at' })
  storedAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'expired_at', nullable: true })
  expiredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt: Date | null;
}
