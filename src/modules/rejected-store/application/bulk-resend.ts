import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { UnavailableError } from '../../../domain/errors.js';
import { RejectedDocumentNotFound, ResendJobNotFound } from '../domain/errors.js';
import { isWaiting } from '../domain/rejected-document.js';
import type { ResendJob } from '../domain/resend-job.js';
import { RejectedDocuments } from '../infrastructure/rejected-documents.repository.js';
import { ResendJobs } from '../infrastructure/resend-jobs.repository.js';
import { RejectedDocumentsService } from './rejected-documents.service.js';
import { RESEND_QUEUE, resendJobOptions, type ResendQueueJob } from './resend-queue.js';

/** Resends sent at once within one bulk job; the receiver is the client's, so keep it modest. */
const DOCUMENTS_AT_ONCE = 4;
/** Bulk jobs one worker process runs at once. */
const JOBS_AT_ONCE = 2;

/** Resends many waiting documents in the background, counting progress in `resend_jobs`. */
@Injectable()
export class BulkResend implements OnModuleInit {
  private readonly logger = new Logger('BulkResend');

  constructor(
    @InjectQueue(RESEND_QUEUE) private readonly queue: Queue<ResendQueueJob>,
    private readonly config: AppConfig,
    private readonly documents: RejectedDocuments,
    private readonly jobs: ResendJobs,
    private readonly rejected: RejectedDocumentsService,
  ) {}

  onModuleInit(): void {
    if (!this.config.runsWorkers) return;
    void this.queue.process(JOBS_AT_ONCE, (job: Job<ResendQueueJob>) => this.run(job.data));
    this.queue.on('failed', (job: Job<ResendQueueJob>, error: Error) => void this.onFailed(job, error));
  }

  /** Takes every named document (all waiting ones when none are named) as they are now. */
  async request(clientId: string, environment: Environment, ids: readonly string[] | undefined): Promise<{ jobId: string; total: number }> {
    const now = new Date();
    let documentIds: string[];
    if (ids) {
      documentIds = [...new Set(ids)];
      const waiting = await this.documents.waitingAmong(documentIds, clientId, environment, now);
      const missing = documentIds.find((id) => !waiting.has(id));
      if (missing) throw new RejectedDocumentNotFound(missing);
    } else {
      documentIds = await this.documents.waitingIds(clientId, environment, now);
    }
    const jobId = randomUUID();
    const total = documentIds.length;
    await this.jobs.create({ id: jobId, clientId, environment, total, state: total === 0 ? 'completed' : 'queued' });
    if (total > 0) {
      const job: ResendQueueJob = { kind: 'bulk-resend', resendJobId: jobId, documentIds };
      try {
        await this.queue.add(job, resendJobOptions(job));
      } catch (error) {
        await this.jobs.finish(jobId, 'failed');
        throw new UnavailableError('REJECTED.RESEND_QUEUE_UNAVAILABLE', `the resend could not be queued, try again: ${(error as Error).message}`);
      }
    }
    return { jobId, total };
  }

  async progress(jobId: string, clientId: string | null): Promise<ResendJob> {
    const job = await this.jobs.find(jobId, clientId);
    if (!job) throw new ResendJobNotFound(jobId);
    return job;
  }

  /** Runs a whole job; run again after a crash, it counts afresh and skips what already left the bucket. */
  private async run(job: ResendQueueJob): Promise<void> {
    await this.jobs.start(job.resendJobId);
    const queue = [...job.documentIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        await this.jobs.count(job.resendJobId, (await this.resendOne(id)) ? 'delivered' : 'failed');
      }
    };
    await Promise.all(Array.from({ length: DOCUMENTS_AT_ONCE }, worker));
    await this.jobs.finish(job.resendJobId, 'completed');
  }

  /** True when the document is delivered, by this resend or since the job was requested. */
  private async resendOne(documentId: string): Promise<boolean> {
    const document = await this.documents.find(documentId, null);
    if (!document) return false;
    if (document.removedAt) return true;
    if (!isWaiting(document, new Date())) return false;
    try {
      return (await this.rejected.resendWaiting(document)).delivered;
    } catch (error) {
      // Delivery no longer knows the document: it counts as failed, the rest of the job goes on.
      if (error instanceof RejectedDocumentNotFound) return false;
      throw error;
    }
  }

  private async onFailed(job: Job<ResendQueueJob>, error: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(`bulk resend ${job.data.resendJobId} failed${final ? ' for good' : ', will retry'}: ${error.message}`);
    if (final) await this.jobs.finish(job.data.resendJobId, 'failed').catch(() => undefined);
  }
}
