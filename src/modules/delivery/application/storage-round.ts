import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import type { HookTarget } from '../../../domain/ports/hook-directory.js';
import { RejectedBucket, type StoredObject } from '../../../domain/ports/rejected-bucket.js';
import type { LeasedDocument } from '../domain/ledger-document.js';
import { nextStorageAttemptAt } from '../domain/transitions.js';
import { webhookBodyText } from '../domain/webhook-body.js';
import type { RoundResult } from './attempt-round.js';
import { storedEvent } from './delivery-events.js';
import { documentsStored } from './delivery.metrics.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { DocumentLedger } from './ports/document-ledger.js';
import { workerName } from './worker-name.js';

/** Exhausted documents one round stores; their objects are written side by side. */
const STORED_PER_ROUND = 200;
const STORAGE_LEASE_MS = 120_000;

/**
 * One round of a hook's exhausted documents: written to the rejected bucket, then recorded Failed with
 * where they rest, and announced. S3 down: each tries again with backoff, for as long as it takes.
 */
@Injectable()
export class StorageRound {
  private readonly logger = new Logger('StorageRound');

  constructor(
    private readonly ledger: DocumentLedger,
    private readonly bucket: RejectedBucket,
    private readonly doorbell: LedgerDoorbell,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
  ) {}

  async run(hook: HookTarget): Promise<RoundResult> {
    const owner = `${workerName}:${randomUUID()}`;
    const documents = await this.ledger.claimStorage({ hookId: hook.id, limit: STORED_PER_ROUND, leaseMs: STORAGE_LEASE_MS, owner });
    if (documents.length === 0) return { more: false };
    const byId = new Map(documents.map((document) => [document.id, document]));
    const { stored, failed } = await this.bucket.store(
      documents.map((document) => ({
        documentId: document.id,
        clientId: document.clientId,
        environment: document.environment,
        kind: document.kind,
        type: document.type,
        userId: document.userId,
        body: webhookBodyText(document),
      })),
    );
    const recorded = await this.record(stored, byId, owner);
    await this.removeUnwanted(stored.filter((object) => !recorded.has(object.documentId)));
    if (failed.length > 0) {
      const now = new Date();
      const postponed = failed.map(({ documentId }) => ({ documentId, at: nextStorageAttemptAt(byId.get(documentId)!.storeAttempts, now) }));
      await this.ledger.postponeStorage(postponed, owner);
      this.doorbell.dueAt(hook.id, ...postponed.map(({ at }) => at));
      this.logger.warn(`${failed.length} document(s) could not be stored in the rejected bucket, trying again later: ${failed[0].error}`);
    }
    return { more: documents.length === STORED_PER_ROUND };
  }

  private async record(stored: readonly StoredObject[], byId: ReadonlyMap<string, LeasedDocument>, owner: string): Promise<Set<string>> {
    const recorded = await this.dataSource.transaction(async (tx) => {
      const changed = await this.ledger.recordStored(tx, stored, owner);
      const told = stored.filter((object) => changed.has(object.documentId));
      if (told.length > 0) await this.bus.publish(tx, storedEvent(told.map((object) => ({ document: byId.get(object.documentId)!, object }))));
      return changed;
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
  private async removeUnwanted(objects: readonly StoredObject[]): Promise<void> {
    if (objects.length === 0) return;
    const statuses = await this.ledger.statuses(objects.map((object) => object.documentId));
    const unwanted = (status: string | undefined) => status === 'Success' || status === 'Erased' || status === undefined;
    for (const object of objects.filter(({ documentId }) => unwanted(statuses.get(documentId)))) {
      await this.bucket.remove(object).catch((error: Error) => this.logger.warn(`an object of a delivered document stays in ${object.bucket}: ${error.message}`));
    }
  }
}
