import { Column, Entity, Index } from 'typeorm';
import { WithLease } from '../../../infrastructure/jobs/leased-job.columns.js';
import { BulkJobColumns } from './bulk-job.columns.js';

/** A client's bulk resend, and how far it got; its lease says which worker runs it. */
@Entity({ name: 'resend_jobs' })
@Index('resend_jobs_unfinished', ['createdAt'], { where: `state IN ('queued', 'running')` })
export class ResendJobRecord extends WithLease(BulkJobColumns) {
  @Column({ type: 'integer', default: 0 })
  delivered: number;
}
