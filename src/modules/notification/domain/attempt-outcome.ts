import { nextAttemptAt } from '../../../domain/retry-schedule.js';
import type { NotificationStatus } from './notification.js';

export interface AttemptOutcome {
  status: Extract<NotificationStatus, 'delivered' | 'pending' | 'failed'>;
  /** When the next attempt is due; set only while pending. */
  nextAttemptAt: Date | null;
}

/**
 * Where a notification stands after attempt `attempt` (1-based). Retries follow the notification
 * schedule, counted from the first attempt like document retries; after the last one it has failed.
 */
export function outcomeOfAttempt(accepted: boolean, attempt: number, firstAttemptedAt: Date, scheduleMs: readonly number[]): AttemptOutcome {
  if (accepted) return { status: 'delivered', nextAttemptAt: null };
  const next = nextAttemptAt(firstAttemptedAt, attempt, scheduleMs);
  return next ? { status: 'pending', nextAttemptAt: next } : { status: 'failed', nextAttemptAt: null };
}
