import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DocumentErasure, type ErasedDocument, type UserRef } from '../../../domain/ports/document-erasure.js';
import { erasedDocumentOf, heldUntil } from '../domain/erasure.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { ErasureRecords } from './ports/erasure-records.js';

/** The DocumentErasure port: a user's rows cancelled at once, deleted once their objects are gone. */
@Injectable()
export class DeliveryDocumentErasure extends DocumentErasure {
  constructor(
    private readonly rows: ErasureRecords,
    private readonly doorbell: LedgerDoorbell,
  ) {
    super();
  }

  async cancel(user: UserRef, receivedBy: Date): Promise<{ documents: number; heldUntil: Date | null }> {
    const cancelled = await this.rows.cancel(user, receivedBy);
    // With ordering "user", a later document of this user may have waited behind a cancelled one: its hook looks again.
    const hooks = new Set(cancelled.map((row) => row.hookId));
    this.doorbell.dueNow([...hooks].map((hookId) => ({ hookId, cause: `erased:${randomUUID()}` })));
    return {
      documents: await this.rows.countCancelled(user),
      heldUntil: heldUntil(
        cancelled.map((row) => row.leaseUntil),
        new Date(),
      ),
    };
  }

  async cancelled(user: UserRef, afterId: string | null, limit: number): Promise<ErasedDocument[]> {
    const now = new Date();
    return (await this.rows.cancelled(user, afterId, limit)).map((document) => erasedDocumentOf(document, now));
  }

  purge(user: UserRef): Promise<number> {
    return this.rows.purge(user);
  }
}
