import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';
import { ArchiveLedger } from '../../../domain/ports/archive-ledger.js';
import { RejectedLedger, type RejectedDocument } from '../../../domain/ports/rejected-ledger.js';
import { exclusively } from '../../../infrastructure/database/exclusively.js';
import { RejectedBuckets } from '../../../infrastructure/s3/rejected-buckets.js';
import { PeriodicTask } from '../../../infrastructure/scheduling/periodic-task.js';
import { archiveKey } from '../domain/archive.js';
import { expiryOf } from '../domain/rejected-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { archivedDocumentsDeleted, rejectedDocumentsArchived, rejectedDocumentsExpired } from './rejected-store.metrics.js';

const SWEEP_BATCH_SIZE = 100;
/** Any number works, as long as every process of a deployment uses the same one. */
const SWEEP_LOCK = 716_201_902;
const S3_REQUESTS_AT_ONCE = 16;

/**
 * Every SWEEP_INTERVAL (in worker processes): documents past their retention leave the rejected bucket for
 * the archive (copy, then delete; deleted outright when ARCHIVE_RETENTION is 0) and Delivery marks them
 * expired; archived ones past ARCHIVE_RETENTION are deleted from the archive. One sweep at a time across
 * processes (an advisory lock), so a document is moved by one sweep only; a crash between two steps leaves
 * the rest to the next sweep, and every step is safe to repeat.
 */
@Injectable()
export class RetentionSweep implements OnModuleInit, OnModuleDestroy {
  private readonly task = new PeriodicTask('rejected-store:retention-sweep', () => this.sweep());
  private readonly s3 = pLimit(S3_REQUESTS_AT_ONCE);

  constructor(
    private readonly config: AppConfig,
    private readonly rejected: RejectedLedger,
    private readonly archive: ArchiveLedger,
    private readonly objects: RejectedObjects,
    private readonly buckets: RejectedBuckets,
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    if (this.config.runsWorkers) this.task.start(this.scheduler, this.config.sweepIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop(this.scheduler);
  }

  /** One sweep, unless another process is sweeping; returns how many documents it expired and deleted from the archive. */
  async sweep(): Promise<{ expired: number; deletedFromArchive: number }> {
    const counts = { expired: 0, deletedFromArchive: 0 };
    await exclusively(this.dataSource, SWEEP_LOCK, async () => {
      counts.expired = await this.expireRejected();
      counts.deletedFromArchive = await this.deleteFromArchive();
    });
    return counts;
  }

  private async expireRejected(): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.rejected.pastRetention(SWEEP_BATCH_SIZE);
      const archived = await Promise.all(due.map((document) => this.s3(() => this.leaveBucket(document))));
      const marked = new Set([
        ...(await this.rejected.markExpired(ids(due.filter((_, i) => archived[i])), true)),
        ...(await this.rejected.markExpired(ids(due.filter((_, i) => !archived[i])), false)),
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
      const [stillArchived] = await this.archive.archived({ clientId: document.clientId, environment: document.environment, documentIds: [document.documentId], limit: 1 });
      if (!stillArchived) await this.objects.delete(this.archivedCopyOf(document));
    }
  }

  private async deleteFromArchive(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const due = await this.archive.pastArchiveRetention(this.config.archive.retentionMs, SWEEP_BATCH_SIZE);
      await Promise.all(due.map((document) => this.s3(() => this.objects.delete(this.archivedCopyOf(document)))));
      const marked = new Set(await this.archive.markArchiveDeleted(ids(due)));
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
