import type { EntityManager } from 'typeorm';
import type { NewDocument } from '../../domain/ledger-document.js';
import type { LedgerStatus } from '../../domain/ledger-status.js';

/** A validated document ready for the ledger: its data as JSON text, its content hash, its data hook. */
export interface IntakeRow extends Omit<NewDocument, 'data'> {
  /** Whether the producer chose the id (it may have been seen before); an id the service made is new by construction. */
  idGiven: boolean;
  hookId: string;
  data: string;
  contentHash: string;
  /** The producer's trace, as a W3C traceparent, when tracing is on. */
  traceParent: string | null;
}

/** What identifies a stored document when its id comes again. */
export interface StoredIdentity {
  clientId: string;
  contentHash: string;
  /** 'Erased' while an erasure removes it. */
  status: LedgerStatus | 'Erased';
}

/** Where new documents enter the ledger, due for their first attempt at once. */
export abstract class DocumentIntake {
  /**
   * Inserts the documents whose id is not known within EVENT_RETENTION, in the order given (their ingest order):
   * each record, its body and its place in the delivery queue. Returns the ids inserted.
   */
  abstract insertNew(tx: EntityManager, documents: readonly IntakeRow[], createdAt: Date): Promise<Set<string>>;
  /** The stored identity of each id known within EVENT_RETENTION. */
  abstract identities(executor: EntityManager, ids: readonly string[]): Promise<Map<string, StoredIdentity>>;
}
