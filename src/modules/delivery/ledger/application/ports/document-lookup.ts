import type { ListPosition } from '../../../../../domain/cursor.js';
import type { Environment } from '../../../../../domain/environment.js';
import type { ItemSelection } from '../../../../../infrastructure/jobs/bulk-job.js';
import type { ReplayRange } from '../../domain/replay.js';
import type { AttemptRecord, StoredDocument } from '../../domain/ledger-document.js';
import type { LedgerStatus } from '../../domain/ledger-status.js';

export interface DocumentWithAttempts {
  document: StoredDocument;
  attempts: AttemptRecord[];
}

export interface EventsFilter {
  clientId: string | null;
  environment?: Environment;
  status?: LedgerStatus;
  after?: ListPosition;
  limit: number;
}

/**
 * Documents as clients see them, within EVENT_RETENTION, scoped to a client unless an operator asks (null); one
 * being erased is as unknown as one never received. Lists never read bodies.
 */
export abstract class DocumentLookup {
  abstract find(id: string, clientId: string | null): Promise<StoredDocument | null>;
  /** The body the ledger keeps for the document (Pending, or delivered within DELIVERED_RETENTION); null otherwise. */
  abstract body(document: Pick<StoredDocument, 'id' | 'createdAt'>): Promise<string | null>;
  /** The document and its attempts as of one instant: never mixes before and after an attempt. */
  abstract findWithAttempts(id: string, clientId: string | null): Promise<DocumentWithAttempts | null>;
  /** Newest first, keyset-paginated, so pages stay stable while documents arrive. */
  abstract list(filter: EventsFilter): Promise<DocumentWithAttempts[]>;
  /** A replay's documents: the client's delivered ones of the environment created in the range, oldest first, `limit` at most. */
  abstract deliveredSelection(clientId: string, environment: Environment, range: ReplayRange, limit: number): ItemSelection;
}
