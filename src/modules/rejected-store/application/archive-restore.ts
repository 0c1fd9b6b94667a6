import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { ArchiveLedger } from '../../../domain/ports/archive-ledger.js';
import { LeasedJobs, type JobRun, type JobTable } from '../../../infrastructure/jobs/leased-jobs.js';
import { RejectedBuckets } from '../../../infrastructure/s3/rejected-buckets.js';
import { archiveKey, type FirstStoredRange } from '../domain/archive.js';
import { ArchivedDocumentNotFound, RestoreJobNotFound } from '../domain/errors.js';
import { expiryOf } from '../domain/rejected-document.js';
import type { RestoreItem, RestoreJob } from '../domain/restore-job.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RestoreJobs } from './ports/restore-jobs.js';
import { archivedDocumentsRestored } from './rejected-store.metrics.js';

export const RESTORE_JOBS: JobTable = { name: 'archive-restore', table: 'restore_jobs', unfinished: `state IN ('queued', 'running')`, concurrency: 2 };
/** Documents read or written per step, so a job over any number of documents works in bounded memory. */
const PAGE = 500;
const DOCUMENTS_AT_ONCE = 8;
/** A job that failed this many runs in a row is given up (failed); the documents it restored stay restored. */
const MAX_RUNS = 5;

export interface RestoreRequest {
  clientId: string;
  environment: Environment;
  ids?: readonly string[];
  range: FirstStoredRange;
}

/**
 * Restores archived documents, in the background: each goes back to its environment's rejected bucket under
 * its old key with a fresh retention (Delivery records it waiting again and announces it), then leaves the
 * archive. The documents are fixed at the request, as rows; a run after a crash goes on where the last stopped.
 */
@Injectable()
export class ArchiveRestore implements OnModuleInit {
  constructor(
    private readonly leasedJobs: LeasedJobs,
    private readonly jobs: RestoreJobs,
    private readonly archive: ArchiveLedger,
    private readonly objects: RejectedObjects,
    private readonly buckets: RejectedBuckets,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.leasedJobs.serve(RESTORE_JOBS, {
      run: (job) => this.run(job),
      failed: async (job) => {
        if (job.run >= MAX_RUNS) await this.jobs.setState(job.jobId, 'failed');
      },
    });
  }

  async request({ clientId, environment, ids, range }: RestoreRequest): Promise<{ jobId: string; total: number }> {
    const query = { clientId, environment, documentIds: ids && [...new Set(ids)], firstStoredFrom: range.from, firstStoredTo: range.to };
    if (query.documentIds) {
      const archived = new Set((await this.archive.archived({ ...query, limit: query.documentIds.length })).map((document) => document.documentId));
      const missing = query.documentIds.find((id) => !archived.has(id));
      if (missing) throw new ArchivedDocumentNotFound(missing, environment);
    }
    const jobId = randomUUID();
    await this.jobs.create({ id: jobId, clientId, environment });
    for (let afterId: string | undefined; ; ) {
      const page = await this.archive.archived({ ...query, afterId, limit: PAGE });
      await this.jobs.addItems(
        jobId,
        page.map((document) => ({ documentId: document.documentId, key: document.key })),
      );
      if (page.length < PAGE) break;
      afterId = page.at(-1)!.documentId;
    }
    const { total } = (await this.jobs.find(jobId))!;
    // Queued only once every document is in, so neither a worker nor the reconciler starts it half-prepared.
    await this.jobs.setState(jobId, total === 0 ? 'completed' : 'queued');
    if (total > 0) this.leasedJobs.ring(RESTORE_JOBS, jobId);
    return { jobId, total };
  }

  async progress(jobId: string): Promise<RestoreJob> {
    const job = await this.jobs.find(jobId);
    if (!job) throw new RestoreJobNotFound(jobId);
    return job;
  }

  private async run({ jobId, keepAlive }: JobRun): Promise<void> {
    const job = (await this.jobs.find(jobId))!;
    await this.jobs.setState(jobId, 'running');
    const limit = pLimit(DOCUMENTS_AT_ONCE);
    for (let page = await this.jobs.untried(jobId, PAGE); page.length > 0; page = await this.jobs.untried(jobId, PAGE)) {
      await Promise.all(page.map((item) => limit(async () => this.jobs.count(jobId, item.documentId, await this.restoreOne(job, item)))));
      await keepAlive();
    }
    await this.jobs.setState(jobId, 'completed');
  }

  private async restoreOne({ clientId, environment }: RestoreJob, item: RestoreItem): Promise<'restored' | 'failed'> {
    const rejected = { bucket: this.buckets.nameOf(environment), key: item.key };
    const archived = { bucket: this.buckets.archive, key: archiveKey(environment, item.key) };
    const [document] = await this.archive.archived({ clientId, environment, documentIds: [item.documentId], limit: 1 });
    if (!document) return this.notArchived(item, rejected, archived);
    const storedAt = new Date();
    const expiresAt = expiryOf(storedAt, this.config.retentionMs[environment]);
    // Gone from the archive: its archive retention ended meanwhile.
    if (!(await this.objects.copy(archived, rejected, document, expiresAt))) return 'failed';
    if (!(await this.archive.restored(item.documentId, storedAt, expiresAt))) return this.notArchived(item, rejected, archived);
    await this.objects.delete(archived);
    archivedDocumentsRestored.inc({ environment });
    return 'restored';
  }

  /**
   * No longer archived: restored already (by a run of this job that stopped before counting it, or by another
   * job) — then its archived copy goes — or erased, delivered or deleted from the archive meanwhile: then a copy
   * this job may have put back in the rejected bucket is not wanted.
   */
  private async notArchived(item: RestoreItem, rejected: ObjectLocation, archived: ObjectLocation): Promise<'restored' | 'failed'> {
    if ((await this.archive.storedKey(item.documentId)) === item.key) {
      await this.objects.delete(archived);
      return 'restored';
    }
    await this.objects.delete(rejected);
    return 'failed';
  }
}
