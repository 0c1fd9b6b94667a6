import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One document of a bulk resend, fixed when the resend was requested; `outcome` once it was tried. */
@Entity({ name: 'resend_job_items' })
export class ResendJobItemRecord {
  @PrimaryColumn({ type: 'uuid', name: 'job_id' })
  jobId: string;

  @PrimaryColumn({ type: 'uuid', name: 'document_id' })
  documentId: string;

  @Column({ type: 'text', nullable: true })
  outcome: 'delivered' | 'failed' | null;
}
