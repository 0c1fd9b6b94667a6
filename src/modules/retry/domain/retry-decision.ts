import type { FailedAttempt, RetryDecision } from '../../../domain/ports/retry-policy.js';
import { isGone } from '../../../domain/receiver-answer.js';
import { requestedPauseUntil } from './requested-pause.js';
import { nextAttemptAt } from './retry-schedule.js';

export interface RetryRules {
  /** Offsets of the retries from the first attempt (RETRY_SCHEDULE). */
  scheduleMs: readonly number[];
  /** The longest wait a receiver's Retry-After can impose (MAX_RETRY_AFTER). */
  maxRetryAfterMs: number;
}

/**
 * What follows a scheduled attempt that was not accepted:
 * - 410 Gone: no more attempts; the document goes to the rejected bucket now.
 * - otherwise the next offset of the schedule, counted from the first attempt; none left: exhausted.
 * - a receiver that asked to wait (429, or 503 with Retry-After) is not called again before then.
 */
export function decideAfterFailure(failure: FailedAttempt, rules: RetryRules): RetryDecision {
  if (isGone(failure.answer)) return { kind: 'exhausted', reason: 'gone' };
  const scheduled = nextAttemptAt(failure.firstAttemptAt, failure.scheduledAttempt, rules.scheduleMs);
  if (scheduled === null) return { kind: 'exhausted', reason: 'retries_exhausted' };
  const pause = requestedPauseUntil(failure.answer, failure.at, rules.maxRetryAfterMs);
  return { kind: 'retry', at: pause && pause > scheduled ? pause : scheduled };
}
