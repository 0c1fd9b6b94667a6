import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Environment } from '../../../domain/environment.js';
import { DocumentDelivery } from '../../../domain/ports/document-delivery.js';
import type { BulkItem, BulkJob, ItemOutcome } from '../../../infrastructure/jobs/bulk-job.js';
import { BulkJobs } from '../../../infrastructure/jobs/bulk-jobs.js';
import { RejectedDocumentNotFound, ResendJobNotFound } from '../domain/errors.js';
import { RejectedRecords } from './ports/rejected-records.js';
import { RejectedDocumentsService } from './rejected-documents.service.js';

const KIND = 'resend';
/** Resends sent at once per process within one bulk job; the hook's own limits apply on top. */
const DOCUMENTS_AT_ONCE = 4;

/**
 * Resends many waiting documents in the background, keeping to the hook's pause and limits: a bulk job whose
 * documents are fixed, in one transaction, when it is requested.
 */
@Injectable()
export class BulkResend implements OnModuleInit {
  constructor(
    private readonly bulkJobs: BulkJobs,
    private readonly records: RejectedRecords,
    private readonly rejected: RejectedDocumentsService,
    private readonly delivery: DocumentDelivery,
  ) {}

  onModuleInit(): void {
    this.bulkJobs.serve({ kind: KIND, concurrency: DOCUMENTS_AT_ONCE, handle: (_job, item, signal) => this.resendOne(item, signal) });
  }

  /** Fixes the documents now: the named ones (each must be waiting), or every waiting one of the environment. */
  async request(clientId: string, environment: Environment, ids: readonly string[] | undefined): Promise<{ jobId: string; total: number }> {
    const unique = ids && [...new Set(ids)];
    if (unique) {
      const [missing] = await this.records.notWaiting(unique, clientId, environment);
      if (missing) throw new RejectedDocumentNotFound(missing);
    }
    return this.bulkJobs.start({ kind: KIND, clientId, environment }, this.records.resendSelection(clientId, environment, unique));
  }

  async progress(jobId: string, clientId: string | null): Promise<BulkJob> {
    const job = await this.bulkJobs.find(jobId, KIND, clientId);
    if (!job) throw new ResendJobNotFound(jobId);
    return job;
  }

  /**
   * One document: delivered, or failed (refused, or gone from the bucket undelivered: expired, erased). One no longer
   * waiting because it was delivered counts as delivered: a worker that died between the delivery and the item's outcome
   * leaves exactly that to the worker that carries on.
   */
  private async resendOne(item: BulkItem, signal: AbortSignal): Promise<ItemOutcome> {
    try {
      return (await this.rejected.resend(item.documentId, null, { throttled: true, signal })).delivered ? 'succeeded' : 'failed';
    } catch (error) {
      if (!(error instanceof RejectedDocumentNotFound)) throw error;
      return (await this.delivery.wasDelivered(item.documentId)) ? 'succeeded' : 'failed';
    }
  }
}
