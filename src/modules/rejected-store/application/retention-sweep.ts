import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';

import { exclusively } from '../../../infrastructure/database/exclusively.js';
import { S3Buckets } from '../../../infrastructure/s3/s3-buckets.js';
import { PeriodicTask } from '../../../infrastructure/scheduling/periodic-task.js';
import { archiveKey } from '../domain/archive.js';
import type { RejectedDocument } from '../domain/kept-document.js';
import { expiryOf } from '../domain/rejected-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';
import { archivedDocumentsDeleted, rejectedDocumentsArchived, rejectedDocumentsExpired } from './rejected-store.metrics.js';

const SWEEP_BATCH_SIZE = 100;
/** Any number works, as long as every process of a deployment uses the same one. */
const SWEEP_LOCK = 716_201_902;
const S3_REQUESTS_AT_ONCE = 16;
const FORGOTTEN_PER_BATCH = 1000;

/**
 * Every SWEEP_INTERVAL (in worker processes): documents past their retention leave the rejected bucket for
 * the archive (copy, then delete; deleted outright when ARCHIVE_RETENTION is 0) and their records are marked
 * expired; archived ones past ARCHIVE_RETENTION are deleted from the archive; records whose object is gone for
 * good are forgotten after EVENT_RETENTION. One sweep at a time across
 * processes (an advisory lock), so a document is moved by one sweep only; a crash between two steps leaves
 * the rest to the next sweep, and every step is safe to repeat.
 */
@Injectable()
export class RetentionSweep implements OnModuleInit, OnModuleDestroy {
  private readonly task = new PeriodicTask('rejected-store:retention-sweep', () => this.sweep());
  private readonly s3 = pLimit(S3_REQUESTS_AT_ONCE);

  constructor(
    private readonly config: AppConfig,
    private readonly records: RejectedRecords,
    private readonly objects: RejectedObjects,
    private readonly buckets: S3Buckets,
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    if (this.config.runsWorkers) this.task.start(this.scheduler, this.config.sweepIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop(this.scheduler);
  }

  /** One sweep, unless another process is sweeping; returns how many documents it expired, deleted from the archive, and forgot. */
  async sweep(): Promise<{ expired: number; deletedFromArchive: number; forgotten: number }> {
    const counts = { expired: 0, deletedFromArchive: 0, forgotten: 0 };
    await exclusively(this.dataSource, SWEEP_LOCK, async () => {
      counts.expired = await this.expireRejected();
      counts.deletedFromArchive = await this.deleteFromArchive();
      counts.forgotten = await this.forgetGone();
    });
    return counts;
  }

  /** A record whose object is gone for good stays as long as its document's events do (EVENT_RETENTION), then goes. */
  private async forgetGone(): Promise<number> {
    let forgotten = 0;
    for (;;) {
      const batch = await this.records.forgetGone(this.config.eventRetentionMs, FORGOTTEN_PER_BATCH);
      forgotten += batch;
      if (batch < FORGOTTEN_PER_BATCH) return forgotten;
    }
  }

  private async expireRejected(): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.records.pastRetention(SWEEP_BATCH_SIZE);
      const archived = await Promise.all(due.map((document) => this.s3(() => this.leaveBucket(document))));
      const marked = new Set([
        ...(await this.records.markExpired(ids(due.filter((_, i) => archived[i])), true)),
        ...(await this.records.markExpired(ids(due.filter((_, i) => !archived[i])), false)),
      ]);
      await this.forgetUnwanted(due.filter((document, i) => archived[i] && !marked.has(document.documentId)));
      for (const document of due.filter(({ documentId }) => marked.has(documentId))) {
        (archived[due.indexOf(document)] ? rejectedDocumentsArchived : rejectedDocumentsExpired).inc({ environment: document.environment });
      }
      expired += marked.size;
      if (due.length < SWEEP_BATCH_SIZE) return expired;
    }
  }

  /** Moves the object to the archive, or deletes it when nothing is archived. True when the archive keeps it. */
  private async leaveBucket(document: RejectedDocument): Promise<boolean> {
    if (this.config.archive.retentionMs === 0) {
      await this.objects.delete(document);
      return false;
    }
    const archived = this.archivedCopyOf(document);
    const expiresAt = expiryOf(new Date(), this.config.archive.retentionMs);
    if (await this.objects.copy(document, archived, document, expiresAt, this.config.archive.storageClass)) {
      await this.objects.delete(document);
      return true;
    }
    // Its object is gone: moved by a sweep that stopped before marking it, or removed by the bucket's lifecycle backstop.
    return this.objects.exists(archived);
  }

  /** A document not marked expired was delivered or erased meanwhile (or, after a crash, already archived): a copy not archived is not wanted. */
  private async forgetUnwanted(documents: readonly RejectedDocument[]): Promise<void> {
    for (const document of documents) {
      const [stillArchived] = await this.records.archived({ clientId: document.clientId, environment: document.environment, documentIds: [document.documentId], limit: 1 });
      if (!stillArchived) await this.objects.delete(this.archivedCopyOf(document));
    }
  }

  private async deleteFromArchive(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const due = await this.records.pastArchiveRetention(this.config.archive.retentionMs, SWEEP_BATCH_SIZE);
      await Promise.all(due.map((document) => this.s3(() => this.objects.delete(this.archivedCopyOf(document)))));
      const marked = new Set(await this.records.markArchiveDeleted(ids(due)));
      for (const document of due.filter(({ documentId }) => marked.has(documentId))) archivedDocumentsDeleted.inc({ environment: document.environment });
      deleted += marked.size;
      if (due.length < SWEEP_BATCH_SIZE) return deleted;
    }
  }

  private archivedCopyOf(document: RejectedDocument): ObjectLocation {
    return { bucket: this.buckets.archive, key: archiveKey(document.environment, document.key) };
  }
}

function ids(documents: readonly RejectedDocument[]): string[] {
  return documents.map((document) => document.documentId);
}
