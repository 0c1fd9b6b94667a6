import type { NotificationAttempt, NotificationRetry } from '../../../domain/ports/retry-policy.js';
import { isGone } from '../../../domain/receiver-answer.js';
import { requestedPauseUntil } from './requested-pause.js';
import { nextAttemptAt } from './retry-schedule.js';

export interface NotificationRetryRules {
  /** Offsets of the retries from the first attempt (NOTIFICATION_RETRY_SCHEDULE). */
  scheduleMs: readonly number[];
  /** The longest wait a receiver's Retry-After can impose (MAX_RETRY_AFTER). */
  maxRetryAfterMs: number;
}

/**
 * Where a notification stands after attempt `attempt` (1-based). Retries follow the notification
 * schedule, counted from the first attempt like document retries; after the last one it has failed.
 */
export function outcomeOfAttempt(accepted: boolean, attempt: number, firstAttemptedAt: Date, scheduleMs: readonly number[]): NotificationRetry {
  if (accepted) return { status: 'delivered', nextAttemptAt: null };
  const next = nextAttemptAt(firstAttemptedAt, attempt, scheduleMs);
  return next ? { status: 'pending', nextAttemptAt: next } : { status: 'failed', nextAttemptAt: null };
}

/**
 * A notification attempt as its hook answered: 410 Gone ends its retries (the hook is suspended), otherwise the
 * notification schedule applies, and a receiver that asked to wait is not called again before then.
 */
export function decideAfterNotificationAttempt({ accepted, attempt, firstAttemptAt, answer, at }: NotificationAttempt, rules: NotificationRetryRules): NotificationRetry {
  if (isGone(answer)) return { status: 'failed', nextAttemptAt: null };
  const scheduled = outcomeOfAttempt(accepted, attempt, firstAttemptAt, rules.scheduleMs);
  const pausedUntil = requestedPauseUntil(answer, at, rules.maxRetryAfterMs);
  return scheduled.nextAttemptAt && pausedUntil && pausedUntil > scheduled.nextAttemptAt ? { ...scheduled, nextAttemptAt: pausedUntil } : scheduled;
}
