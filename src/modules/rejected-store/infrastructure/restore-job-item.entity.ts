import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One document of a restore, fixed when the restore was requested, with the rejected key it goes back to
 * (so a run after a crash can remove a copy it made for a document erased meanwhile); `outcome` once tried.
 */
@Entity({ name: 'restore_job_items' })
export class RestoreJobItemRecord {
  @PrimaryColumn({ type: 'uuid', name: 'job_id' })
  jobId: string;

  @PrimaryColumn({ type: 'uuid', name: 'document_id' })
  documentId: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text', nullable: true })
  outcome: 'restored' | 'failed' | null;
}
