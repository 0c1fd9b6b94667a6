import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Environment } from '../../../domain/environment.js';
import { RejectedLedger, type WaitingPosition } from '../../../domain/ports/rejected-ledger.js';
import { LeasedJobs, type JobRun, type JobTable } from '../../../infrastructure/jobs/leased-jobs.js';
import { RejectedDocumentNotFound, ResendJobNotFound } from '../domain/errors.js';
import type { ResendJob } from '../domain/resend-job.js';
import { ResendJobs } from './ports/resend-jobs.js';
import { RejectedDocumentsService } from './rejected-documents.service.js';

export const RESEND_JOBS: JobTable = { name: 'bulk-resend', table: 'resend_jobs', unfinished: `state IN ('queued', 'running')`, concurrency: 2 };
/** Resends sent at once within one bulk job; the hook's own limits apply on top. */
const DOCUMENTS_AT_ONCE = 4;
/** Documents read or written per step, so a job over any number of documents works in bounded memory. */
const PAGE = 500;
/** A job that failed this many runs in a row is given up (failed); the documents it resent stay resent. */
const MAX_RUNS = 5;

/**
 * Resends many waiting documents in the background, keeping to the hook's limits. The job and its documents are
 * rows (a leased job, like a restore): the doorbell carries the job's id only, so Redis forgetting it delays the
 * job until the reconciler rings it again, and a run after a crash goes on with the documents not tried yet.
 */
@Injectable()
export class BulkResend implements OnModuleInit {
  constructor(
    private readonly leasedJobs: LeasedJobs,
    private readonly ledger: RejectedLedger,
    private readonly jobs: ResendJobs,
    private readonly rejected: RejectedDocumentsService,
  ) {}

  onModuleInit(): void {
    this.leasedJobs.serve(RESEND_JOBS, {
      run: (job) => this.run(job),
      failed: async (job) => {
        if (job.run >= MAX_RUNS) await this.jobs.setState(job.jobId, 'failed');
      },
    });
  }

  /** Fixes the documents now: the named ones (each must be waiting), or every waiting one of the environment. */
  async request(clientId: string, environment: Environment, ids: readonly string[] | undefined): Promise<{ jobId: string; total: number }> {
    if (ids) {
      const unique = [...new Set(ids)];
      const waiting = await Promise.all(unique.map((id) => this.ledger.findWaiting(id, clientId)));
      const missing = unique.find((id, i) => waiting[i]?.environment !== environment);
      if (missing) throw new RejectedDocumentNotFound(missing);
    }
    const jobId = randomUUID();
    await this.jobs.create({ id: jobId, clientId, environment });
    if (ids) await this.jobs.addItems(jobId, [...new Set(ids)]);
    else await this.addEveryWaiting(jobId, clientId, environment);
    const { total } = (await this.jobs.find(jobId, clientId))!;
    // Queued only once every document is in, so neither a worker nor the reconciler starts it half-prepared.
    await this.jobs.setState(jobId, total === 0 ? 'completed' : 'queued');
    if (total > 0) this.leasedJobs.ring(RESEND_JOBS, jobId);
    return { jobId, total };
  }

  async progress(jobId: string, clientId: string | null): Promise<ResendJob> {
    const job = await this.jobs.find(jobId, clientId);
    if (!job) throw new ResendJobNotFound(jobId);
    return job;
  }

  private async addEveryWaiting(jobId: string, clientId: string, environment: Environment): Promise<void> {
    const storedBy = new Date();
    let after: WaitingPosition | undefined;
    for (;;) {
      const page = await this.ledger.waiting({ clientId, environment, storedBy, after, limit: PAGE });
      await this.jobs.addItems(
        jobId,
        page.map((document) => document.documentId),
      );
      if (page.length < PAGE) return;
      const last = page.at(-1)!;
      after = { storedAt: last.storedAt, documentId: last.documentId };
    }
  }

  /** Runs a job to its end; run again after a crash, it goes on with the documents not tried yet. */
  private async run({ jobId, keepAlive }: JobRun): Promise<void> {
    await this.jobs.setState(jobId, 'running');
    const limit = pLimit(DOCUMENTS_AT_ONCE);
    for (let page = await this.jobs.untried(jobId, PAGE); page.length > 0; page = await this.jobs.untried(jobId, PAGE)) {
      await Promise.all(page.map((id) => limit(async () => this.jobs.count(jobId, id, await this.resendOne(id)))));
      await keepAlive();
    }
    await this.jobs.setState(jobId, 'completed');
  }

  /** One document: delivered, or failed (refused, or no longer waiting in the bucket). */
  private async resendOne(documentId: string): Promise<'delivered' | 'failed'> {
    try {
      return (await this.rejected.resend(documentId, null, true)).delivered ? 'delivered' : 'failed';
    } catch (error) {
      if (error instanceof RejectedDocumentNotFound) return 'failed';
      throw error;
    }
  }
}
