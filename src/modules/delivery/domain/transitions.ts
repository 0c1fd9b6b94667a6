import type { DeliveryStatus, ExhaustionReason } from '../../../domain/document.js';
import type { HookStatus } from '../../../domain/hook.js';
import type { RetryDecision } from '../../../domain/ports/retry-policy.js';
import type { StoredDocument } from './ledger-document.js';

/** A ledger row's next state; SQL stores it, guarded by the lease that took the row. */
export interface LedgerChange {
  status: DeliveryStatus;
  /** When the next step is due: an attempt, or storage once exhausted. Null when nothing is left to do. */
  nextAttemptAt: Date | null;
  exhaustedReason: ExhaustionReason | null;
}

/** A scheduled attempt's outcome: delivered, tried again when Retry says, or on to the rejected bucket now. */
export function afterScheduledAttempt(accepted: boolean, decision: RetryDecision | null, now: Date): LedgerChange {
  if (accepted) return { status: 'Success', nextAttemptAt: null, exhaustedReason: null };
  if (decision === null) throw new Error('a failed scheduled attempt needs a retry decision');
  return decision.kind === 'retry'
    ? { status: 'Pending', nextAttemptAt: decision.at, exhaustedReason: null }
    : { status: 'Pending', nextAttemptAt: now, exhaustedReason: decision.reason };
}

/** While its hook is Suspended a new document is not attempted: it goes straight to the bucket. Retries already scheduled go on. */
export function skipsToBucket(hookStatus: HookStatus, scheduledAttemptsMade: number): boolean {
  return hookStatus === 'Suspended' && scheduledAttemptsMade === 0;
}

/** S3 failed to take the document: try again with capped exponential backoff, for as long as it takes. */
export function nextStorageAttemptAt(storeAttemptsMade: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(1000 * 2 ** storeAttemptsMade, 60_000));
}

/** Why a document's body is not kept: removed after DELIVERED_RETENTION, or past its retention in the rejected bucket (and archived or not). */
export type BodyGoneReason = 'purged' | 'archived' | 'expired';

/** Where a document's body is to be found for an attempt a client asked for. */
export type BodyWhereabouts = { in: 'ledger'; data: string } | { in: 'bucket'; bucket: string; key: string } | { in: 'nowhere'; why: BodyGoneReason };

export function bodyWhereabouts(
  document: Pick<StoredDocument, 'data' | 'status' | 'rejectedBucket' | 'rejectedKey' | 'expiredAt' | 'archived'>,
): BodyWhereabouts {
  if (document.data !== null) return { in: 'ledger', data: document.data };
  if (document.status === 'Failed' && document.rejectedBucket && document.rejectedKey && document.expiredAt === null) {
    return { in: 'bucket', bucket: document.rejectedBucket, key: document.rejectedKey };
  }
  if (document.status === 'Failed' && document.expiredAt !== null) return { in: 'nowhere', why: document.archived ? 'archived' : 'expired' };
  return { in: 'nowhere', why: 'purged' };
}

/** Delivered bodies last attempted before this instant are removed (DELIVERED_RETENTION counts from the last delivery). */
export function deliveredBodiesKeptSince(now: Date, deliveredRetentionMs: number): Date {
  return new Date(now.getTime() - deliveredRetentionMs);
}
