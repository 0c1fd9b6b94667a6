import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus, Leases } from '../../../../../libs/kernel/index.js';
import type { HookTarget } from '../../../../domain/ports/hook-directory.js';
import { Backoffs } from '../../../../domain/ports/backoffs.js';
import { RejectedBucket, type StoredObject } from '../../../../domain/ports/rejected-bucket.js';
import type { LeasedDocument } from '../domain/ledger-document.js';
import { webhookBodyText } from '../domain/webhook-body.js';
import type { RoundResult } from './attempt-round.js';
import { storedEvent } from './delivery-events.js';
import { documentsStored } from './delivery.metrics.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { DocumentLedger } from './ports/document-ledger.js';

/** Exhausted documents one round stores; their objects are written side by side. */
const STORED_PER_ROUND = 200;

/**
 * One round of a hook's exhausted documents: written to the rejected bucket, then recorded Stored with
 * where they rest, and announced. S3 down: each tries again as Retry's storage backoff says, for as long as it takes.
 */
@Injectable()
export class StorageRound {
  private readonly logger = new Logger('StorageRound');

  constructor(
    private readonly ledger: DocumentLedger,
    private readonly bucket: RejectedBucket,
    private readonly doorbell: LedgerDoorbell,
    private readonly bus: EventBus,
    private readonly leases: Leases,
    private readonly dataSource: DataSource,
    private readonly backoffs: Backoffs,
  ) {}

  async run(hook: HookTarget): Promise<RoundResult> {
    const { lease, documents } = await this.ledger.claimStorage({ hookId: hook.id, limit: STORED_PER_ROUND });
    if (documents.length === 0) return { more: false };
    const owner = lease.owner;
    const byId = new Map(documents.map((document) => [document.id, document]));
    // Renewed while the objects are written: an S3 that answers slowly does not hand the documents to another worker.
    const { stored, failed } = await this.leases.hold(lease, () => this.bucket.store(
      documents.map((document) => ({
        documentId: document.id,
        clientId: document.clientId,
        environment: document.environment,
        kind: document.kind,
        type: document.type,
        userId: document.userId,
        body: webhookBodyText(document),
      })),
    ));
    const recorded = await this.record(stored, byId, owner);
    await this.removeUnwanted(stored.filter((object) => !recorded.has(object.documentId)), byId);
    if (failed.length > 0) {
      const now = new Date();
      const postponed = failed.map(({ documentId }) => ({ documentId, at: this.storageRetryAt(byId.get(documentId)!.storeAttempts, now) }));
      await this.ledger.postponeStorage(postponed, owner);
      this.doorbell.dueAt(hook.id, ...postponed.map(({ at }) => at));
      this.logger.warn(`${failed.length} document(s) could not be stored in the rejected bucket, trying again later: ${failed[0].error}`);
    }
    return { more: documents.length === STORED_PER_ROUND };
  }

  /** S3 did not take the document: Retry's storage rule says when it is tried again, for as long as it takes. */
  private storageRetryAt(storeAttemptsMade: number, now: Date): Date {
    return this.backoffs.retryAt('storage', storeAttemptsMade + 1, now) ?? now;
  }

  /** Stored in the ledger, kept by RejectedStore from now on, and announced: one transaction. */
  private async record(stored: readonly StoredObject[], byId: ReadonlyMap<string, LeasedDocument>, owner: string): Promise<Set<string>> {
    const recorded = await this.dataSource.transaction(async (tx) => {
      const changed = await this.ledger.recordStored(
        tx,
        stored.map((object) => object.documentId),
        owner,
      );
      const objects = new Map(stored.map((object) => [object.documentId, object]));
      const told = changed.map(({ documentId, attempts }) => ({ document: byId.get(documentId)!, object: objects.get(documentId)!, attempts }));
      await this.bucket.keep(
        tx,
        told.map(({ document, object, attempts }) => ({
          documentId: document.id,
          clientId: document.clientId,
          hookId: document.hookId,
          environment: document.environment,
          kind: document.kind,
          type: document.type,
          userId: document.userId,
          createdAt: document.createdAt,
          attempts,
          object,
        })),
      );
      if (told.length > 0) await this.bus.publish(tx, storedEvent(told));
      return new Set(changed.map(({ documentId }) => documentId));
    });
    for (const documentId of recorded) {
      const document = byId.get(documentId)!;
      documentsStored.inc({ environment: document.environment, reason: document.exhaustedReason ?? 'retries_exhausted' });
    }
    return recorded;
  }

  /**
   * An object written for a document delivered meanwhile (a redelivery won the race), or erased meanwhile, is
   * not wanted: it goes. One whose lease another worker took over is that worker's to record; it is left alone.
   */
  private async removeUnwanted(objects: readonly StoredObject[], byId: ReadonlyMap<string, LeasedDocument>): Promise<void> {
    if (objects.length === 0) return;
    const statuses = await this.ledger.statuses(objects.map((object) => ({ documentId: object.documentId, createdAt: byId.get(object.documentId)!.createdAt })));
    const unwanted = (status: string | undefined) => status === 'Success' || status === 'Erased' || status === undefined;
    for (const object of objects.filter(({ documentId }) => unwanted(statuses.get(documentId)))) {
      await this.bucket.remove(object).catch((error: Error) => this.logger.warn(`an object of a delivered document stays in ${object.bucket}: ${error.message}`));
    }
  }
}
