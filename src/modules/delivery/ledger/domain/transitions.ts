import type { ExhaustionReason } from '../../../../domain/document.js';
import type { RejectedRecord } from '../../../../domain/ports/rejected-bucket.js';
import type { RetryDecision } from '../../../../domain/ports/retry-policy.js';
import type { LedgerStatus } from './ledger-status.js';

/** A ledger row's next state; SQL stores it, guarded by the lease that took the row. */
export interface LedgerChange {
  status: LedgerStatus;
  /** When the next step is due: an attempt, or storage once exhausted. Null when nothing is left to do. */
  dueAt: Date | null;
  exhaustedReason: ExhaustionReason | null;
}

/** A scheduled attempt's outcome: delivered, tried again when Retry says, or on to the rejected bucket now. */
export function afterScheduledAttempt(accepted: boolean, decision: RetryDecision | null, now: Date): LedgerChange {
  if (accepted) return { status: 'Success', dueAt: null, exhaustedReason: null };
  if (decision === null) throw new Error('a failed scheduled attempt needs a retry decision');
  return decision.kind === 'retry'
    ? { status: 'Pending', dueAt: decision.at, exhaustedReason: null }
    : { status: 'Pending', dueAt: now, exhaustedReason: decision.reason };
}

/** Why a document's body is not kept: removed after DELIVERED_RETENTION, or past its retention in the rejected bucket (and archived or not). */
export type BodyGoneReason = 'purged' | 'archived' | 'expired';

/** Where a document's body is to be found for an attempt a client asked for. */
export type BodyWhereabouts = { in: 'ledger'; data: string } | { in: 'bucket'; bucket: string; key: string } | { in: 'nowhere'; why: BodyGoneReason };

/** `data`: the body the ledger keeps, if any; `rejected`: what RejectedStore keeps of the document, if anything. */
export function bodyWhereabouts(data: string | null, rejected: Pick<RejectedRecord, 'bucket' | 'key' | 'expiredAt' | 'archived'> | undefined): BodyWhereabouts {
  if (data !== null) return { in: 'ledger', data };
  if (rejected && rejected.expiredAt === null) return { in: 'bucket', bucket: rejected.bucket, key: rejected.key };
  if (rejected) return { in: 'nowhere', why: rejected.archived ? 'archived' : 'expired' };
  return { in: 'nowhere', why: 'purged' };
}

/** Delivered bodies last attempted before this instant are removed (DELIVERED_RETENTION counts from the last delivery). */
export function deliveredBodiesKeptSince(now: Date, deliveredRetentionMs: number): Date {
  return new Date(now.getTime() - deliveredRetentionMs);
}
