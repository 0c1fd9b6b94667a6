import type { Environment } from '../environment.js';
import type { RejectedDocument } from './rejected-ledger.js';

export interface ArchivedQuery {
  clientId: string;
  environment: Environment;
  /** Only these documents. */
  documentIds?: readonly string[];
  /** First stored in the rejected bucket at or after this instant. */
  firstStoredFrom?: Date;
  /** First stored at or before this instant. */
  firstStoredTo?: Date;
  /** Pages are ordered by document id: the last id of the previous page. */
  afterId?: string;
  limit: number;
}

/**
 * Delivery's record of the documents whose retention in the rejected bucket ended while the archive keeps
 * them. RejectedStore moves the objects and asks; Delivery, the one owner of a document's state, records.
 * Provided by the Delivery module.
 */
export abstract class ArchiveLedger {
  abstract archived(query: ArchivedQuery): Promise<RejectedDocument[]>;
  /** Archived for longer than `retentionMs`: their archived objects are due for deletion. Oldest first. */
  abstract pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]>;
  /** Their archived objects are gone. Returns those it marked. */
  abstract markArchiveDeleted(documentIds: readonly string[]): Promise<string[]>;
  /**
   * Back in the rejected bucket at its old location, waiting again from `storedAt` until `expiresAt`, and
   * announced like any stored document (`document.stored`). False when it is no longer archived.
   */
  abstract restored(documentId: string, storedAt: Date, expiresAt: Date): Promise<boolean>;
  /** The key of its object in the rejected bucket while it is stored there (until the sweep expires it); null otherwise. */
  abstract storedKey(documentId: string): Promise<string | null>;
}
