import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { afterCommit } from '../../../../../libs/kernel/index.js';
import { DocumentErasure, type CancelledPage, type UserRef } from '../../../../domain/ports/document-erasure.js';
import { newId } from '../../../../domain/ids.js';
import { heldUntil } from '../domain/erasure.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { ErasureRecords } from './ports/erasure-records.js';

/** The DocumentErasure port: a user's records cancelled a page at a time, deleted once their objects are gone. */
@Injectable()
export class DeliveryDocumentErasure extends DocumentErasure {
  constructor(
    private readonly rows: ErasureRecords,
    private readonly doorbell: LedgerDoorbell,
  ) {
    super();
  }

  async cancel(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<CancelledPage> {
    const page = await this.rows.cancel(tx, user, receivedBy, limit);
    // With ordering "user", a later document of this user may have waited behind a cancelled one: its hook looks again.
    const hooks = new Set(page.unqueued.map((row) => row.hookId));
    afterCommit(tx, () => this.doorbell.dueNow([...hooks].map((hookId) => ({ hookId, cause: `erased:${newId()}` }))));
    return {
      cancelled: page.cancelled,
      heldUntil: heldUntil(
        page.unqueued.map((row) => row.leaseUntil),
        new Date(),
      ),
      unrecorded: page.forStorage.map((document) => ({
        documentId: document.id,
        clientId: document.clientId,
        environment: document.environment,
        kind: document.kind,
        from: document.createdAt,
        to: new Date(),
      })),
    };
  }

  purge(user: UserRef, limit: number): Promise<number> {
    return this.rows.purge(user, limit);
  }
}
