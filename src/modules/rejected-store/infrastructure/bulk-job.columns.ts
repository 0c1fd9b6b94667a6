import { Column, PrimaryColumn } from 'typeorm';
import { JobTimestamps } from '../../../infrastructure/jobs/leased-job.columns.js';

/** What every bulk job over a client's documents (a resend, a restore) records: whose, where, how far. */
export abstract class BulkJobColumns extends JobTimestamps {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text' })
  environment: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;
}
