import type { UserRef } from '../../../../domain/ports/document-erasure.js';
import type { CancelledDocument } from '../../domain/ledger-document.js';

/** A user's documents under an erasure: first cancelled (left alone by every other step of the ledger), then deleted. */
export abstract class ErasureRecords {
  /** Returns the hook and the lease (if any) of each document it cancelled now. */
  abstract cancel(user: UserRef, receivedBy: Date): Promise<{ hookId: string; leaseUntil: Date | null }[]>;
  abstract countCancelled(user: UserRef): Promise<number>;
  /** By id, a page at a time. */
  abstract cancelled(user: UserRef, afterId: string | null, limit: number): Promise<CancelledDocument[]>;
  /** Deletes the cancelled documents and their attempts; returns how many documents. */
  abstract purge(user: UserRef): Promise<number>;
}
