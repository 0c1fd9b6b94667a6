import { Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { MessageStore } from '../../../../libs/kernel/index.js';
import type { ObjectLocation } from '../../../domain/document.js';
import { DocumentErasure, type UserRef } from '../../../domain/ports/document-erasure.js';
import { NotificationErasure } from '../../../domain/ports/notification-erasure.js';
import { RejectedBucket } from '../../../domain/ports/rejected-bucket.js';
import { RejectedErasure } from '../../../domain/ports/rejected-erasure.js';
import { LeasedJobs, type JobRun, type JobTable } from '../../../infrastructure/jobs/leased-jobs.js';
import { nextStep, type Erasure } from '../domain/erasure.js';
import { Erasures } from './ports/erasures.js';

export const ERASURE_JOBS: JobTable = { name: 'erasure', table: 'erasures', unfinished: `state = 'Running'`, concurrency: 2 };
/** Rows one statement touches: an erasure of any size works in bounded memory and holds no lock for long. */
const PAGE = 1000;
/** Objects looked at per page (each is a request to S3). */
const OBJECTS_PAGE = 200;
const REMOVALS_AT_ONCE = 16;

/**
 * Runs an erasure step by step, each a page at a time; each owning module erases its own data through its port.
 * A page's progress is written in the same transaction as the page itself, so a run after a crash (or a failure:
 * S3 or PostgreSQL away) goes on where the last one stopped, counts nothing twice, and never gives up.
 */
@Injectable()
export class ErasureRunner implements OnModuleInit {
  constructor(
    private readonly leasedJobs: LeasedJobs,
    private readonly erasures: Erasures,
    private readonly documents: DocumentErasure,
    private readonly kept: RejectedErasure,
    private readonly bucket: RejectedBucket,
    private readonly notifications: NotificationErasure,
    private readonly messages: MessageStore,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.leasedJobs.serve(ERASURE_JOBS, { run: (job) => this.run(job) });
  }

  start(erasureId: string): void {
    this.leasedJobs.ring(ERASURE_JOBS, erasureId);
  }

  private async run(job: JobRun): Promise<void> {
    for (let erasure = await this.erasures.find(job.jobId, null); erasure && erasure.step !== 'done'; erasure = await this.erasures.find(job.jobId, null)) {
      job.signal.throwIfAborted();
      await this.step(erasure, job);
    }
  }

  private async step(erasure: Erasure, job: JobRun): Promise<void> {
    const user: UserRef = { clientId: erasure.clientId, userId: erasure.userId };
    switch (erasure.step) {
      case 'cancel':
        return this.cancel(erasure, user, job);
      case 'objects':
        await this.waitUntil(erasure.heldUntil, job);
        await this.removeObjects(erasure, job);
        await this.removeKeptObjects(erasure, user, job);
        return this.erasures.objectsRemoved(erasure.id);
      case 'purge':
        while ((await this.documents.purge(user, PAGE)) === PAGE) job.signal.throwIfAborted();
        await this.forgetFailedFacts(user);
        return this.erasures.advance(erasure.id, 'purge', nextStep('purge'));
      case 'notifications':
        return this.erasures.done(erasure.id, await this.notifications.erase(erasure.id, user, erasure.factsUntil!));
    }
  }

  /** A page of the user's documents and of what RejectedStore keeps of them, with the page's progress: one transaction each. */
  private async cancel(erasure: Erasure, user: UserRef, job: JobRun): Promise<void> {
    for (let last = false; !last; job.signal.throwIfAborted()) {
      last = await this.dataSource.transaction(async (tx) => {
        const page = await this.documents.cancel(tx, user, erasure.requestedAt, PAGE);
        const withheld = await this.kept.withhold(tx, user, erasure.requestedAt, PAGE);
        await this.erasures.cancelledPage(tx, erasure.id, {
          documents: page.cancelled,
          heldUntil: page.heldUntil,
          candidates: this.kept.unrecordedLocations(page.unrecorded),
        });
        const done = page.cancelled < PAGE && withheld < PAGE;
        if (done) await this.erasures.cancelled(tx, erasure.id);
        return done;
      });
    }
  }

  /** Where a worker may have written an object it never recorded: each looked at, counted if found, deleted. */
  private async removeObjects(erasure: Erasure, job: JobRun): Promise<void> {
    for (let page = await this.erasures.unchecked(erasure.id, OBJECTS_PAGE); page.length > 0; page = await this.erasures.unchecked(erasure.id, OBJECTS_PAGE)) {
      await this.erasures.checked(erasure.id, page, await this.kept.existing(page));
      await this.deleteAll(page);
      job.signal.throwIfAborted();
    }
  }

  /** The user's documents RejectedStore keeps: their objects found and counted, deleted, then their records forgotten. */
  private async removeKeptObjects(erasure: Erasure, user: UserRef, job: JobRun): Promise<void> {
    for (let page = await this.kept.objects(user, null, OBJECTS_PAGE); page.documentIds.length > 0; page = await this.kept.objects(user, null, OBJECTS_PAGE)) {
      await this.erasures.checked(erasure.id, page.found, page.found);
      await this.deleteAll(page.candidates);
      await this.kept.forget(page.documentIds);
      job.signal.throwIfAborted();
    }
  }

  private async deleteAll(locations: readonly ObjectLocation[]): Promise<void> {
    const limit = pLimit(REMOVALS_AT_ONCE);
    await Promise.all(locations.map((location) => limit(() => this.bucket.remove(location))));
  }

  /** Failed messages, kept for a look (JOB_HISTORY_RETENTION), name the user in facts about it or its documents. */
  private async forgetFailedFacts({ clientId, userId }: UserRef): Promise<void> {
    await this.messages.forgetFailed({ clientId, userId });
    await this.messages.forgetFailed({ clientId, documents: [{ userId }] });
  }

  /** A worker that held one of the documents when they were cancelled may still be finishing: its writes land first. */
  private async waitUntil(until: Date | null, job: JobRun): Promise<void> {
    const left = (until?.getTime() ?? 0) - Date.now();
    if (left > 0) await sleep(left, undefined, { signal: job.signal });
  }
}
