import type { EntityManager } from 'typeorm';
import type { UserRef } from '../../../../../domain/ports/document-erasure.js';
import type { CancelledForStorage } from '../../domain/ledger-document.js';

/** What one page of a cancellation did. */
export interface CancelledRows {
  cancelled: number;
  /** The hooks whose queue lost documents, and the lease each held (null: none). */
  unqueued: { hookId: string; leaseUntil: Date | null }[];
  /** Documents that waited for the rejected bucket. */
  forStorage: CancelledForStorage[];
}

/** A user's documents under an erasure: first cancelled (left alone by every other step of the ledger), then deleted, a page at a time. */
export abstract class ErasureRecords {
  abstract cancel(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<CancelledRows>;
  /** Deletes up to `limit` cancelled documents with their attempts and bodies; returns how many. */
  abstract purge(user: UserRef, limit: number): Promise<number>;
}
