import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import { RestoreJobs } from '../application/ports/restore-jobs.js';
import type { ResendJobState } from '../domain/resend-job.js';
import type { RestoreItem, RestoreJob } from '../domain/restore-job.js';
import { BulkJobItems } from './bulk-job-items.js';
import { RestoreJobRecord } from './restore-job.entity.js';

/** `restore_jobs` and their items: restores from the archive, the documents each covers, and how far it got. */
@Injectable()
export class RestoreJobRepository implements RestoreJobs {
  private readonly items = new BulkJobItems(this.dataSource, { jobs: 'restore_jobs', items: 'restore_job_items', extra: 'key' });

  constructor(private readonly dataSource: DataSource) {}

  /** Created while its documents are being added ('preparing': no worker takes it); `setState('queued')` hands it over. */
  async create(job: { id: string; clientId: string; environment: Environment }): Promise<void> {
    await this.dataSource.manager.insert(RestoreJobRecord, { ...job, state: 'preparing', total: 0, restored: 0, failed: 0 });
  }

  /** Adds documents, with the rejected key each goes back to, to a job being requested; the total counts them. */
  addItems(jobId: string, items: readonly RestoreItem[]): Promise<void> {
    return this.items.add(
      jobId,
      items.map((item) => item.documentId),
      items.map((item) => item.key),
    );
  }

  async find(id: string): Promise<RestoreJob | null> {
    const record = await this.dataSource.manager.findOneBy(RestoreJobRecord, { id });
    return (
      record && {
        id: record.id,
        clientId: record.clientId,
        environment: record.environment as Environment,
        state: record.state as ResendJobState,
        total: record.total,
        restored: record.restored,
        failed: record.failed,
      }
    );
  }

  /** The next documents not tried yet: a run after a crash picks up where the last one stopped. */
  untried(jobId: string, limit: number): Promise<RestoreItem[]> {
    return this.items.untried<RestoreItem>(jobId, limit);
  }

  /** Records one document's outcome and counts it, once however often it is recorded. */
  count(jobId: string, documentId: string, outcome: 'restored' | 'failed'): Promise<void> {
    return this.items.count(jobId, documentId, outcome);
  }

  async setState(id: string, state: ResendJobState): Promise<void> {
    await this.dataSource.query('UPDATE restore_jobs SET state = $2, updated_at = now() WHERE id = $1', [id, state]);
  }
}
