import type { EntityManager } from 'typeorm';
import type { Lease, OneStatementPublication } from '../../../../../../libs/kernel/index.js';
import type { LedgerStatus } from '../../domain/ledger-status.js';
import type { Environment } from '../../../../../domain/environment.js';
import type { AttemptRecord, LeasedDocument } from '../../domain/ledger-document.js';
import type { LedgerChange } from '../../domain/transitions.js';

/** Where a Pending document stands: its time has come, it waits for a retry, or it waits for the rejected bucket. */
export const PENDING_STATES = ['due', 'retrying', 'storing'] as const;
export type PendingState = (typeof PENDING_STATES)[number];

export interface Claim {
  hookId: string;
  limit: number;
}

/** Documents leased for one step: every write of the step is guarded by the lease's owner token. */
export interface Claimed {
  lease: Lease;
  documents: LeasedDocument[];
}

/** A document of a Suspended hook sent straight to the rejected bucket. */
export type SkippedDocument = Pick<LeasedDocument, 'id' | 'clientId' | 'hookId' | 'environment' | 'kind' | 'type' | 'userId' | 'attempts'>;

/** A stored document as recorded: Stored, its body in the bucket only. */
export interface RecordedStorage {
  documentId: string;
  attempts: number;
}

/** An attempt made on a client's request, numbered: the document's record and its place in the queue, if Pending. */
export interface RequestedNumber {
  attempt: number;
  /** Whether the document was Pending (in the queue) when the number was taken. */
  pending: boolean;
}

/**
 * The delivery ledger: one row per Pending document in the delivery queue, leased to one worker at a time, whose
 * writes count only while it still holds it (a stale or duplicate worker changes nothing); a settled document
 * leaves the queue, and its record says how it ended.
 */
export abstract class DocumentLedger {
  /** Leases due attempts of a hook, taking each one's attempt numbers; `ordered`: one Pending document per user at a time. */
  abstract claimAttempts(claim: Claim, ordered: boolean): Promise<Claimed>;
  /** Gives back claimed attempts the hook's gate did not admit, as they were before the claim (still held by `owner`). */
  abstract unclaimAttempts(documentIds: readonly string[], owner: string): Promise<void>;
  /** Leases exhausted documents of a hook that are due for the rejected bucket. */
  abstract claimStorage(claim: Claim): Promise<Claimed>;
  /** Up to `limit` documents of a Suspended hook never attempted go straight to storage. */
  abstract skipToBucket(tx: EntityManager, hookId: string, limit: number): Promise<SkippedDocument[]>;
  /**
   * Records the attempts, and applies each change to a document still held by `owner`: settled, it leaves the
   * queue and its record says so; otherwise it waits for its next step. Returns the documents changed.
   */
  abstract recordAttempts(tx: EntityManager, outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string): Promise<Set<string>>;
  /**
   * `recordAttempts` and the events about them in one statement, no transaction, when this worker still holds every
   * document: true. Otherwise it changes nothing and answers false, and the caller records them in a transaction.
   */
  abstract recordAttemptsAtOnce(outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string, events: OneStatementPublication): Promise<boolean>;
  /** Stored in the bucket (the ledger says Stored), the body now lives there only. Returns the documents changed (still held). */
  abstract recordStored(tx: EntityManager, documentIds: readonly string[], owner: string): Promise<RecordedStorage[]>;
  /** The bucket did not take them: each tries again at its own time. */
  abstract postponeStorage(postponed: readonly { documentId: string; at: Date }[], owner: string): Promise<void>;
  /** Takes the next attempt number for an attempt a client asked for, whatever the document's state; null when it is gone. */
  abstract takeRequested(documentId: string, createdAt: Date): Promise<RequestedNumber | null>;
  /**
   * Records an attempt a client asked for. Accepted, the document is Success wherever it was (it leaves the queue),
   * and keeps `data` for redelivery until DELIVERED_RETENTION; otherwise only its last attempt moves. False when an
   * erasure took the document meanwhile.
   */
  abstract recordRequested(tx: EntityManager, record: AttemptRecord, accepted: boolean, data: string): Promise<boolean>;
  abstract statuses(documents: readonly { documentId: string; createdAt: Date }[]): Promise<Map<string, LedgerStatus | 'Erased'>>;
  /** Hooks with Pending documents due for longer than the grace, or whose lease ran out, each with their count up to `limit`: reads due rows only. */
  abstract overdueHooks(graceMs: number, limit: number): Promise<{ hookId: string; count: number }[]>;
  /** Pending documents by environment and state, for the pending gauge (counted by one process per interval). */
  abstract countPending(): Promise<{ environment: Environment; state: PendingState; count: number }[]>;
}
