import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Environment } from '../../../../domain/environment.js';
import { DocumentDelivery } from '../../../../domain/ports/document-delivery.js';
import { HookDirectory } from '../../../../domain/ports/hook-directory.js';
import type { BulkItem, BulkJob, ItemOutcome } from '../../../../infrastructure/jobs/bulk-job.js';
import { BulkJobs } from '../../../../infrastructure/jobs/bulk-jobs.js';
import { BodyGone, NoDataHook, ReplayJobNotFound, ReplayTooLarge } from '../../ledger/domain/delivery.errors.js';
import type { ReplayRange } from '../../ledger/domain/replay.js';
import { DocumentLookup } from '../../ledger/index.js';
import { Turns } from './turns.js';

const KIND = 'replay';
/** Replays worked on at once per process within one job; the hook's maxInFlight and rateLimit apply on top. */
const DOCUMENTS_AT_ONCE = 8;
/** The documents of a job are written in the transaction that creates it: this bounds that transaction. */
export const MAX_REPLAY_DOCUMENTS = 100_000;

export interface ReplayRequest {
  clientId: string;
  environment: Environment;
  range: ReplayRange;
}

/**
 * `POST /v1/replays`: every delivered document of a client and environment created in a range, delivered again in
 * creation order, keeping to the hook's pause and limits. A bulk job whose documents are fixed, in one transaction,
 * when it is requested; a document whose body is no longer kept is skipped.
 */
@Injectable()
export class Replays implements OnModuleInit {
  /** Per job in this process: its documents pass the hook's gate in creation order, so a receiver with maxInFlight 1 gets them in that order. */
  private readonly turns = new Turns();

  constructor(
    private readonly bulkJobs: BulkJobs,
    private readonly documents: DocumentLookup,
    private readonly hooks: HookDirectory,
    private readonly delivery: DocumentDelivery,
  ) {}

  onModuleInit(): void {
    this.bulkJobs.serve({ kind: KIND, concurrency: DOCUMENTS_AT_ONCE, handle: (job, item, signal) => this.replayOne(job, item, signal) });
  }

  async request({ clientId, environment, range }: ReplayRequest): Promise<{ jobId: string; total: number }> {
    if (!(await this.hooks.find(clientId, environment, 'data'))) throw new NoDataHook(clientId, environment);
    const selection = this.documents.deliveredSelection(clientId, environment, range, MAX_REPLAY_DOCUMENTS + 1);
    return this.bulkJobs.start({ kind: KIND, clientId, environment }, selection, {
      max: MAX_REPLAY_DOCUMENTS,
      refusal: () => new ReplayTooLarge(MAX_REPLAY_DOCUMENTS),
    });
  }

  async progress(jobId: string, clientId: string | null): Promise<BulkJob> {
    const job = await this.bulkJobs.find(jobId, KIND, clientId);
    if (!job) throw new ReplayJobNotFound(jobId);
    return job;
  }

  /** Delivered again, refused (failed), or skipped: its body was purged or erased since, or its record is gone. */
  private async replayOne(job: BulkJob, item: BulkItem, signal: AbortSignal): Promise<ItemOutcome> {
    try {
      const outcome = await this.turns.take(job.id, (onAdmitted) =>
        this.delivery.deliverNow({ documentId: item.documentId, clientId: job.clientId, trigger: 'replay', throttled: true, signal, onAdmitted }),
      );
      if (!outcome) return 'skipped';
      return outcome.delivered ? 'succeeded' : 'failed';
    } catch (error) {
      if (error instanceof BodyGone) return 'skipped';
      if (error instanceof NoDataHook) return 'failed';
      throw error;
    }
  }
}
