import { Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { MessageStore } from '../../../../libs/kernel/index.js';
import { DocumentErasure, type UserRef } from '../../../domain/ports/document-erasure.js';
import { NotificationErasure } from '../../../domain/ports/notification-erasure.js';
import { RejectedBucket } from '../../../domain/ports/rejected-bucket.js';
import { LeasedJobs, type JobRun, type JobTable } from '../../../infrastructure/jobs/leased-jobs.js';
import { nextStep, type Erasure } from '../domain/erasure.js';
import { Erasures } from './ports/erasures.js';

export const ERASURE_JOBS: JobTable = { name: 'erasure', table: 'erasures', unfinished: `state = 'Running'`, concurrency: 2 };
const PAGE = 200;
const REMOVALS_AT_ONCE = 16;
/** Waits in slices no longer than this, keeping the job's lease alive. */
const WAIT_SLICE_MS = 15_000;

/**
 * Runs an erasure step by step; each owning module erases its own data through its port. A run after a crash
 * (or a failure: S3 or PostgreSQL away) starts again at the step it reached, and never gives up.
 */
@Injectable()
export class ErasureRunner implements OnModuleInit {
  constructor(
    private readonly leasedJobs: LeasedJobs,
    private readonly erasures: Erasures,
    private readonly documents: DocumentErasure,
    private readonly bucket: RejectedBucket,
    private readonly notifications: NotificationErasure,
    private readonly messages: MessageStore,
  ) {}

  onModuleInit(): void {
    this.leasedJobs.serve(ERASURE_JOBS, { run: (job) => this.run(job) });
  }

  start(erasureId: string): void {
    this.leasedJobs.ring(ERASURE_JOBS, erasureId);
  }

  private async run(job: JobRun): Promise<void> {
    for (let erasure = await this.erasures.find(job.jobId, null); erasure && erasure.step !== 'done'; erasure = await this.erasures.find(job.jobId, null)) {
      await this.step(erasure, job);
      await job.keepAlive();
    }
  }

  private async step(erasure: Erasure, job: JobRun): Promise<void> {
    const user: UserRef = { clientId: erasure.clientId, userId: erasure.userId };
    switch (erasure.step) {
      case 'cancel': {
        const { documents, heldUntil } = await this.documents.cancel(user, erasure.requestedAt);
        return this.erasures.cancelled(erasure.id, documents, heldUntil);
      }
      case 'objects':
        await this.waitUntil(erasure.heldUntil, job);
        await this.removeObjects(erasure, user);
        return this.erasures.objectsRemoved(erasure.id);
      case 'purge':
        await this.documents.purge(user);
        await this.forgetFailedFacts(user);
        return this.erasures.advance(erasure.id, 'purge', nextStep('purge'));
      case 'notifications':
        return this.erasures.done(erasure.id, await this.notifications.erase(erasure.id, user, erasure.factsUntil!));
    }
  }

  /** Every object that may hold one of the documents: those found are counted, every candidate is deleted (a copy may land late). */
  private async removeObjects(erasure: Erasure, user: UserRef): Promise<void> {
    for (let afterId: string | null = null; ; ) {
      const page = await this.documents.cancelled(user, afterId, PAGE);
      const { candidates, found } = await this.bucket.locate(page);
      await this.erasures.found(erasure.id, found);
      const limit = pLimit(REMOVALS_AT_ONCE);
      await Promise.all(candidates.map((location) => limit(() => this.bucket.remove(location))));
      if (page.length < PAGE) return;
      afterId = page.at(-1)!.documentId;
    }
  }

  /** Failed messages, kept for a look (JOB_HISTORY_RETENTION), name the user in facts about it or its documents. */
  private async forgetFailedFacts({ clientId, userId }: UserRef): Promise<void> {
    await this.messages.forgetFailed({ clientId, userId });
    await this.messages.forgetFailed({ clientId, documents: [{ userId }] });
  }

  /** A worker that held one of the documents when they were cancelled may still be finishing: its writes land first. */
  private async waitUntil(until: Date | null, job: JobRun): Promise<void> {
    for (let left = (until?.getTime() ?? 0) - Date.now(); left > 0; left = until!.getTime() - Date.now()) {
      await sleep(Math.min(left, WAIT_SLICE_MS));
      await job.keepAlive();
    }
  }
}
