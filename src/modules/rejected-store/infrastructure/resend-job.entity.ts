import { Column, Entity } from 'typeorm';
import { BulkJobColumns } from './bulk-job.columns.js';

@Entity({ name: 'resend_jobs' })
export class ResendJobRecord extends BulkJobColumns {
  @Column({ type: 'integer', default: 0 })
  delivered: number;
}
