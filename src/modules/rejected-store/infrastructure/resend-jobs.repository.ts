import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import { ResendJobs } from '../application/ports/resend-jobs.js';
import type { ResendJob, ResendJobState } from '../domain/resend-job.js';
import { BulkJobItems } from './bulk-job-items.js';
import { ResendJobRecord } from './resend-job.entity.js';

/** `resend_jobs` and their items: bulk resends, the documents each covers, and how far it got. */
@Injectable()
export class ResendJobRepository implements ResendJobs {
  private readonly items = new BulkJobItems(this.dataSource, { jobs: 'resend_jobs', items: 'resend_job_items' });

  constructor(private readonly dataSource: DataSource) {}

  /** Created while its documents are being added ('preparing': no worker takes it); `setState('queued')` hands it over. */
  async create(job: { id: string; clientId: string; environment: Environment }): Promise<void> {
    await this.dataSource.manager.insert(ResendJobRecord, { ...job, state: 'preparing', total: 0, delivered: 0, failed: 0 });
  }

  /** Adds documents to a job being requested; the total counts them. */
  addItems(jobId: string, documentIds: readonly string[]): Promise<void> {
    return this.items.add(jobId, documentIds);
  }

  async find(id: string, clientId: string | null): Promise<ResendJob | null> {
    const record = await this.dataSource.manager.findOneBy(ResendJobRecord, clientId === null ? { id } : { id, clientId });
    return record && toJob(record);
  }

  /** The next documents not tried yet: a run after a crash picks up where the last one stopped. */
  async untried(jobId: string, limit: number): Promise<string[]> {
    return (await this.items.untried(jobId, limit)).map((row) => row.documentId);
  }

  /** Records one document's outcome and counts it, once however often it is recorded. */
  count(jobId: string, documentId: string, outcome: 'delivered' | 'failed'): Promise<void> {
    return this.items.count(jobId, documentId, outcome);
  }

  async setState(id: string, state: ResendJobState): Promise<void> {
    await this.dataSource.manager.update(ResendJobRecord, { id }, { state });
  }
}

function toJob(record: ResendJobRecord): ResendJob {
  return {
    id: record.id,
    clientId: record.clientId,
    environment: record.environment as Environment,
    state: record.state as ResendJobState,
    total: record.total,
    delivered: record.delivered,
    failed: record.failed,
  };
}
