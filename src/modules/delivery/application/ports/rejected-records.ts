import type { Environment } from '../../../../domain/environment.js';
import type { RejectedDocument, WaitingQuery } from '../../../../domain/ports/rejected-ledger.js';

/** The ledger's record of the rejected buckets: what waits there, and what outlived its retention. */
export abstract class RejectedRecords {
  /** Oldest first, keyset-paginated on (storedAt, documentId). */
  abstract waiting(query: WaitingQuery): Promise<RejectedDocument[]>;
  abstract countWaiting(query: Omit<WaitingQuery, 'after' | 'limit'>): Promise<number>;
  /** For the rejected gauge; cheap enough to run at every scrape. */
  abstract waitingByEnvironment(): Promise<{ environment: Environment; count: number }[]>;
  abstract findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null>;
  /** Past their retention and not marked expired yet, oldest first. */
  abstract pastRetention(limit: number): Promise<RejectedDocument[]>;
  /** Returns those it marked. */
  abstract markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]>;
}
