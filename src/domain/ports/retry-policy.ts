import type { ReceiverAnswer } from '../receiver-answer.js';

/** A scheduled attempt that was not accepted. */
export interface FailedAttempt {
  /** 1 for the initial attempt, 2.. for the retries. */
  scheduledAttempt: number;
  firstAttemptAt: Date;
  answer: ReceiverAnswer;
  at: Date;
}

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'exhausted'; reason: 'retries_exhausted' | 'gone' };

/** A notification's attempt `attempt` (1-based), as its notification hook answered it. */
export interface NotificationAttempt {
  accepted: boolean;
  attempt: number;
  firstAttemptAt: Date;
  answer: ReceiverAnswer;
  at: Date;
}

export interface NotificationRetry {
  status: 'delivered' | 'pending' | 'failed';
  /** When the next attempt is due; set only while pending. */
  nextAttemptAt: Date | null;
}

/**
 * Retry's answers about a receiver that did not accept: when a document or a notification is tried again (the
 * schedule, the receiver's `Retry-After`) or that it is exhausted, and how long a receiver asked us to wait.
 * Provided by the Retry module.
 */
export abstract class RetryPolicy {
  /** A document's scheduled attempt failed: when the next one is, if any. */
  abstract afterFailure(failure: FailedAttempt): RetryDecision;
  /** Where a notification stands after an attempt, and when it is tried again. */
  abstract afterNotificationAttempt(attempt: NotificationAttempt): NotificationRetry;
  /** Until when the receiver asked us to wait (429, or 503 with `Retry-After`), capped by MAX_RETRY_AFTER; null when it asked nothing. */
  abstract requestedPause(answer: ReceiverAnswer, now: Date): Date | null;
}
