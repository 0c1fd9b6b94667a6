import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { ArchiveLedger, type ArchivedQuery } from '../../../domain/ports/archive-ledger.js';
import type { RejectedDocument } from '../../../domain/ports/rejected-ledger.js';
import { storedEvent } from './delivery-events.js';
import { ArchiveRecords } from './ports/archive-records.js';

/** The ArchiveLedger port: Delivery's rows of archived documents, and their restore, announced as any storage is. */
@Injectable()
export class DeliveryArchiveLedger extends ArchiveLedger {
  constructor(
    private readonly rows: ArchiveRecords,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  archived(query: ArchivedQuery): Promise<RejectedDocument[]> {
    return this.rows.archived(query);
  }

  pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]> {
    return this.rows.pastArchiveRetention(retentionMs, limit);
  }

  markArchiveDeleted(documentIds: readonly string[]): Promise<string[]> {
    return this.rows.markArchiveDeleted(documentIds);
  }

  restored(documentId: string, storedAt: Date, expiresAt: Date): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const document = await this.rows.restore(tx, documentId, storedAt, expiresAt);
      if (!document) return false;
      const object = { documentId, bucket: document.rejectedBucket!, key: document.rejectedKey!, storedAt, expiresAt };
      await this.bus.publish(tx, storedEvent([{ document, object }]));
      return true;
    });
  }

  storedKey(documentId: string): Promise<string | null> {
    return this.rows.storedKey(documentId);
  }
}
