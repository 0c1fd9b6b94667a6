import { Column, Entity, Index } from 'typeorm';
import { WithLease } from '../../../infrastructure/jobs/leased-job.columns.js';
import { BulkJobColumns } from './bulk-job.columns.js';

/** An operator's restore of archived documents, and how far it got; its lease says which worker runs it. */
@Entity({ name: 'restore_jobs' })
@Index('restore_jobs_unfinished', ['createdAt'], { where: `state IN ('queued', 'running')` })
export class RestoreJobRecord extends WithLease(BulkJobColumns) {
  @Column({ type: 'integer', default: 0 })
  restored: number;
}
