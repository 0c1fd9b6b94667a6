import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { createEvent } from '../../../domain/events.js';
import type { BulkJob, ItemOutcome } from '../../../infrastructure/jobs/bulk-job.js';
import { BulkJobs } from '../../../infrastructure/jobs/bulk-jobs.js';
import { S3Buckets } from '../../../infrastructure/s3/s3-buckets.js';
import { archiveKey, type FirstStoredRange } from '../domain/archive.js';
import { ArchivedDocumentNotFound, RestoreJobNotFound } from '../domain/errors.js';
import { expiryOf } from '../domain/rejected-document.js';
import type { RejectedDocument } from '../domain/kept-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';
import { archivedDocumentsRestored } from './rejected-store.metrics.js';

const KIND = 'restore';

/** A document of a restore: where it goes back to in its environment's rejected bucket. */
interface RestoreItem {
  documentId: string;
  key: string;
}
const DOCUMENTS_AT_ONCE = 8;

export interface RestoreRequest {
  clientId: string;
  environment: Environment;
  ids?: readonly string[];
  range: FirstStoredRange;
}

/**
 * Restores archived documents, in the background: each goes back to its environment's rejected bucket under
 * its old key with a fresh retention (its record waits again, announced like any stored document), then leaves
 * the archive. A bulk job whose documents are fixed, in one transaction, when it is requested.
 */
@Injectable()
export class ArchiveRestore implements OnModuleInit {
  constructor(
    private readonly bulkJobs: BulkJobs,
    private readonly archive: RejectedRecords,
    private readonly objects: RejectedObjects,
    private readonly buckets: S3Buckets,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bulkJobs.serve({ kind: KIND, concurrency: DOCUMENTS_AT_ONCE, handle: (job, item) => this.restoreOne(job, { documentId: item.documentId, key: item.key! }) });
  }

  async request({ clientId, environment, ids, range }: RestoreRequest): Promise<{ jobId: string; total: number }> {
    const query = { clientId, environment, documentIds: ids && [...new Set(ids)], firstStoredFrom: range.from, firstStoredTo: range.to };
    if (query.documentIds) {
      const archived = new Set((await this.archive.archived({ ...query, limit: query.documentIds.length })).map((document) => document.documentId));
      const missing = query.documentIds.find((id) => !archived.has(id));
      if (missing) throw new ArchivedDocumentNotFound(missing, environment);
    }
    return this.bulkJobs.start({ kind: KIND, clientId, environment }, this.archive.restoreSelection(query));
  }

  async progress(jobId: string): Promise<BulkJob> {
    const job = await this.bulkJobs.find(jobId, KIND, null);
    if (!job) throw new RestoreJobNotFound(jobId);
    return job;
  }

  private async restoreOne({ clientId, environment }: BulkJob, item: RestoreItem): Promise<ItemOutcome> {
    const rejected = { bucket: this.buckets.nameOf(environment), key: item.key };
    const archived = { bucket: this.buckets.archive, key: archiveKey(environment, item.key) };
    const [document] = await this.archive.archived({ clientId, environment, documentIds: [item.documentId], limit: 1 });
    if (!document) return this.notArchived(item, rejected, archived);
    const storedAt = new Date();
    const expiresAt = expiryOf(storedAt, this.config.retentionMs[environment]);
    // Gone from the archive: its archive retention ended meanwhile.
    if (!(await this.objects.copy(archived, rejected, document, expiresAt))) return 'failed';
    if (!(await this.restored(item.documentId, storedAt, expiresAt))) return this.notArchived(item, rejected, archived);
    await this.objects.delete(archived);
    archivedDocumentsRestored.inc({ environment });
    return 'succeeded';
  }

  /** Waiting again in the rejected bucket from `storedAt`, announced like any stored document; false when it is no longer archived. */
  private restored(documentId: string, storedAt: Date, expiresAt: Date): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const document = await this.archive.restore(tx, documentId, storedAt, expiresAt);
      if (document) await this.bus.publish(tx, storedEventOf(document));
      return document !== null;
    });
  }

  /**
   * No longer archived: restored already (by a run of this job that stopped before counting it, or by another
   * job) — then its archived copy goes — or erased, delivered or deleted from the archive meanwhile: then a copy
   * this job may have put back in the rejected bucket is not wanted.
   */
  private async notArchived(item: RestoreItem, rejected: ObjectLocation, archived: ObjectLocation): Promise<ItemOutcome> {
    if ((await this.archive.storedKey(item.documentId)) === item.key) {
      await this.objects.delete(archived);
      return 'succeeded';
    }
    await this.objects.delete(rejected);
    return 'failed';
  }
}

function storedEventOf(document: RejectedDocument) {
  return createEvent('document.stored', {
    hookId: document.hookId,
    clientId: document.clientId,
    environment: document.environment,
    documents: [
      {
        documentId: document.documentId,
        kind: document.kind,
        type: document.type,
        userId: document.userId,
        bucket: document.bucket,
        key: document.key,
        storedAt: document.storedAt.toISOString(),
        expiresAt: document.expiresAt.toISOString(),
      },
    ],
  });
}
