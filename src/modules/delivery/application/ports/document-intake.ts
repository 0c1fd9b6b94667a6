import type { EntityManager } from 'typeorm';
import type { DeliveryStatus } from '../../../../domain/document.js';
import type { NewDocument } from '../../domain/ledger-document.js';

/** A validated document ready for the ledger: its data as JSON text, its content hash, its data hook. */
export interface IntakeRow extends Omit<NewDocument, 'data'> {
  hookId: string;
  data: string;
  contentHash: string;
}

/** What identifies a stored document when its id comes again. */
export interface StoredIdentity {
  clientId: string;
  contentHash: string;
  /** 'Erased' while an erasure removes it. */
  status: DeliveryStatus | 'Erased';
}

/** Where new documents enter the ledger, due for their first attempt at once. */
export abstract class DocumentIntake {
  /** Inserts the documents not seen before, in the order given (their ingest order); returns their ids. */
  abstract insertNew(tx: EntityManager, documents: readonly IntakeRow[], createdAt: Date): Promise<Set<string>>;
  /** The stored identity of each id already known. */
  abstract identities(executor: EntityManager, ids: readonly string[]): Promise<Map<string, StoredIdentity>>;
}
