import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { UnavailableError } from '../../../domain/errors.js';
import { RejectedLedger, type WaitingPosition } from '../../../domain/ports/rejected-ledger.js';
import { RejectedDocumentNotFound, ResendJobNotFound } from '../domain/errors.js';
import type { ResendJob } from '../domain/resend-job.js';
import { ResendJobs } from '../infrastructure/resend-jobs.repository.js';
import { RejectedDocumentsService } from './rejected-documents.service.js';
import { RESEND_QUEUE, resendJobOptions, type ResendQueueJob } from './resend-queue.js';

/** Resends sent at once within one bulk job; the hook's own limits apply on top. */
const DOCUMENTS_AT_ONCE = 4;
/** Bulk jobs one worker process runs at once. */
const JOBS_AT_ONCE = 2;
/** Documents read or written per step, so a job over any number of documents works in bounded memory. */
const PAGE = 500;

/** Resends many waiting documents in the background, keeping to the hook's limits, counting progress in PostgreSQL. */
@Injectable()
export class BulkResend implements OnModuleInit {
  private readonly logger = new Logger('BulkResend');

  constructor(
    @InjectQueue(RESEND_QUEUE) private readonly queue: Queue<ResendQueueJob>,
    private readonly config: AppConfig,
    private readonly ledger: RejectedLedger,
    private readonly jobs: ResendJobs,
    private readonly rejected: RejectedDocumentsService,
  ) {}

  onModuleInit(): void {
    if (!this.config.runsWorkers) return;
    void this.queue.process(JOBS_AT_ONCE, (job: Job<ResendQueueJob>) => this.run(job.data));
    this.queue.on('failed', (job: Job<ResendQueueJob>, error: Error) => void this.onFailed(job, error));
  }

  /** Fixes the documents now: the named ones (each must be waiting), or every waiting one of the environment. */
  async request(clientId: string, environment: Environment, ids: readonly string[] | undefined): Promise<{ jobId: string; total: number }> {
    if (ids) {
      const unique = [...new Set(ids)];
      const waiting = await Promise.all(unique.map((id) => this.ledger.findWaiting(id, clientId)));
      const missing = unique.find((id, i) => waiting[i]?.environment !== environment);
      if (missing) throw new RejectedDocumentNotFound(missing);
    }
    // Bull would hold the request until Redis is back: while it is away, say so at once.
    if (this.queue.client.status !== 'ready') throw queueUnavailable(`Redis connection ${this.queue.client.status}`);
    const jobId = randomUUID();
    await this.jobs.create({ id: jobId, clientId, environment });
    if (ids) await this.jobs.addItems(jobId, [...new Set(ids)]);
    else await this.addEveryWaiting(jobId, clientId, environment);
    const { total } = (await this.jobs.find(jobId, clientId))!;
    if (total === 0) {
      await this.jobs.setState(jobId, 'completed');
      return { jobId, total };
    }
    const job: ResendQueueJob = { kind: 'bulk-resend', resendJobId: jobId };
    try {
      await this.queue.add(job, resendJobOptions(job, this.config.jobHistoryRetentionMs));
    } catch (error) {
      await this.jobs.setState(jobId, 'failed');
      throw queueUnavailable(error);
    }
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
  private async run({ resendJobId }: ResendQueueJob): Promise<void> {
    await this.jobs.setState(resendJobId, 'running');
    for (let page = await this.jobs.untried(resendJobId, PAGE); page.length > 0; page = await this.jobs.untried(resendJobId, PAGE)) {
      const queue = [...page];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) await this.jobs.count(resendJobId, id, await this.resendOne(id));
      };
      await Promise.all(Array.from({ length: DOCUMENTS_AT_ONCE }, worker));
    }
    await this.jobs.setState(resendJobId, 'completed');
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

  private async onFailed(job: Job<ResendQueueJob>, error: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(`bulk resend ${job.data.resendJobId} failed${final ? ' for good' : ', will retry'}: ${error.message}`);
    if (!final) return;
    try {
      await this.jobs.setState(job.data.resendJobId, 'failed');
    } catch (stateError) {
      this.logger.error(`bulk resend ${job.data.resendJobId} could not be marked failed: ${(stateError as Error).message}`);
    }
  }
}

function queueUnavailable(cause: unknown): UnavailableError {
  return new UnavailableError('REJECTED.RESEND_QUEUE_UNAVAILABLE', 'the resend could not be queued right now; nothing was started, try again later', cause);
}
