import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { ResendJob, ResendJobState } from '../domain/resend-job.js';
import { ResendJobRecord } from './resend-job.entity.js';

/** `resend_jobs`: bulk resends and their progress. */
@Injectable()
export class ResendJobs {
  constructor(private readonly dataSource: DataSource) {}

  async create(job: { id: string; clientId: string; environment: Environment; total: number; state: ResendJobState }): Promise<void> {
    await this.dataSource.manager.insert(ResendJobRecord, { ...job, delivered: 0, failed: 0 });
  }

  async find(id: string, clientId: string | null): Promise<ResendJob | null> {
    const record = await this.dataSource.manager.findOneBy(ResendJobRecord, clientId === null ? { id } : { id, clientId });
    return record && toJob(record);
  }

  /** A run starts its counts from zero, so a job run again after a crash counts each document once. */
  async start(id: string): Promise<void> {
    await this.dataSource.manager.update(ResendJobRecord, { id }, { state: 'running', delivered: 0, failed: 0 });
  }

  async count(id: string, outcome: 'delivered' | 'failed'): Promise<void> {
    await this.dataSource.query(`UPDATE resend_jobs SET ${outcome} = ${outcome} + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  async finish(id: string, state: Extract<ResendJobState, 'completed' | 'failed'>): Promise<void> {
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
