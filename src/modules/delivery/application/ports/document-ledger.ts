import type { EntityManager } from 'typeorm';
import type { DeliveryStatus } from '../../../../domain/document.js';
import type { Environment } from '../../../../domain/environment.js';
import type { StoredObject } from '../../../../domain/ports/rejected-bucket.js';
import type { AttemptRecord, LeasedDocument, StoredDocument } from '../../domain/ledger-document.js';
import type { LedgerChange } from '../../domain/transitions.js';

/** Where a Pending document stands: its time has come, it waits for a retry, or it waits for the rejected bucket. */
export const PENDING_STATES = ['due', 'retrying', 'storing'] as const;
export type PendingState = (typeof PENDING_STATES)[number];

export interface Claim {
  hookId: string;
  limit: number;
  leaseMs: number;
  /** The lease token: every later write of this step is guarded by it. */
  owner: string;
}

/** A document of a Suspended hook sent straight to the rejected bucket. */
export type SkippedDocument = Pick<LeasedDocument, 'id' | 'clientId' | 'hookId' | 'environment' | 'kind' | 'type' | 'userId' | 'attempts'>;

/**
 * The delivery ledger, the one record of each document's state: due documents are leased to one worker,
 * and its writes count only while it still holds them (a stale or duplicate worker changes nothing).
 */
export abstract class DocumentLedger {
  /** Leases due attempts of a hook, taking each one's attempt numbers; `ordered`: one Pending document per user at a time. */
  abstract claimAttempts(claim: Claim, ordered: boolean): Promise<LeasedDocument[]>;
  /** Leases exhausted documents of a hook that are due for the rejected bucket. */
  abstract claimStorage(claim: Claim): Promise<LeasedDocument[]>;
  /** Documents of a Suspended hook never attempted go straight to storage. */
  abstract skipToBucket(tx: EntityManager, hookId: string): Promise<SkippedDocument[]>;
  /** Records the attempts, and applies each change to a document still held by `owner` and Pending. Returns the documents changed. */
  abstract recordAttempts(tx: EntityManager, outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string): Promise<Set<string>>;
  /** Stored in the bucket: Failed, the body now lives there only. Returns the documents changed (still held and Pending). */
  abstract recordStored(tx: EntityManager, stored: readonly StoredObject[], owner: string): Promise<Set<string>>;
  /** The bucket did not take them: each tries again at its own time. */
  abstract postponeStorage(postponed: readonly { documentId: string; at: Date }[], owner: string): Promise<void>;
  /** Takes the next attempt number for an attempt a client asked for, whatever the document's state. */
  abstract takeRequested(documentId: string, clientId: string | null): Promise<StoredDocument | null>;
  /**
   * Records an attempt a client asked for, and its change (null: only its last attempt moves), keeping `data`
   * for redelivery. False when an erasure took the document meanwhile.
   */
  abstract recordRequested(tx: EntityManager, record: AttemptRecord, change: LedgerChange | null, data: string): Promise<boolean>;
  abstract statuses(ids: readonly string[]): Promise<Map<string, DeliveryStatus | 'Erased'>>;
  /** Per hook, Pending documents due for longer than the grace, or whose lease ran out. */
  abstract overdueByHook(graceMs: number): Promise<{ hookId: string; count: number }[]>;
  /** For the pending gauge; cheap enough to run at every scrape. */
  abstract pendingByState(): Promise<{ environment: Environment; state: PendingState; count: number }[]>;
}
