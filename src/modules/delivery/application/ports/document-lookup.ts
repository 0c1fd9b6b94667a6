import type { ListPosition } from '../../../../domain/cursor.js';
import type { DeliveryStatus } from '../../../../domain/document.js';
import type { Environment } from '../../../../domain/environment.js';
import type { AttemptRecord, StoredDocument } from '../../domain/ledger-document.js';

export interface DocumentWithAttempts {
  document: StoredDocument;
  attempts: AttemptRecord[];
}

export interface EventsFilter {
  clientId: string | null;
  environment?: Environment;
  status?: DeliveryStatus;
  after?: ListPosition;
  limit: number;
}

/**
 * Documents as clients see them, scoped to a client unless an operator asks (null); one being erased is
 * as unknown as one never received.
 */
export abstract class DocumentLookup {
  abstract find(id: string, clientId: string | null): Promise<StoredDocument | null>;
  /** The document and its attempts as of one instant: never mixes before and after an attempt. */
  abstract findWithAttempts(id: string, clientId: string | null): Promise<DocumentWithAttempts | null>;
  /** Newest first, keyset-paginated, so pages stay stable while documents arrive. */
  abstract list(filter: EventsFilter): Promise<DocumentWithAttempts[]>;
}
