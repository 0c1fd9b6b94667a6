import type { EntityManager } from 'typeorm';
import type { ArchivedQuery } from '../../../../domain/ports/archive-ledger.js';
import type { RejectedDocument } from '../../../../domain/ports/rejected-ledger.js';
import type { StoredDocument } from '../../domain/ledger-document.js';

/** The ledger's record of the archive: what it keeps, since when, and restores. */
export abstract class ArchiveRecords {
  /** By id; `first stored` is the first time the document went to the rejected bucket, whatever restores followed. */
  abstract archived(query: ArchivedQuery): Promise<RejectedDocument[]>;
  abstract pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]>;
  /** Returns those it marked. */
  abstract markArchiveDeleted(documentIds: readonly string[]): Promise<string[]>;
  /** Waiting again in the rejected bucket, if it is still archived; null otherwise. */
  abstract restore(tx: EntityManager, documentId: string, storedAt: Date, expiresAt: Date): Promise<StoredDocument | null>;
  /** Its key in the rejected bucket while it waits there; null otherwise. */
  abstract storedKey(documentId: string): Promise<string | null>;
}
