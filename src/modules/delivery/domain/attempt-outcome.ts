import { nextAttemptAt } from '../../../domain/retry-schedule.js';

/** Only the configured codes count as received: a redirect, another status or no answer is a failure. */
export function isAccepted(responseStatus: number | null, acceptedStatusCodes: readonly number[]): boolean {
  return responseStatus !== null && acceptedStatusCodes.includes(responseStatus);
}

/** What follows a failed scheduled attempt: the next one, or nothing left (the document is exhausted). */
export type AfterFailure = { exhausted: false; nextAttemptNumber: number; nextAttemptAt: Date } | { exhausted: true; nextAttemptNumber: null; nextAttemptAt: null };

export function afterFailedScheduledAttempt(scheduledAttempt: number, firstAttemptAt: Date, retryScheduleMs: readonly number[]): AfterFailure {
  const next = nextAttemptAt(firstAttemptAt, scheduledAttempt, retryScheduleMs);
  return next === null
    ? { exhausted: true, nextAttemptNumber: null, nextAttemptAt: null }
    : { exhausted: false, nextAttemptNumber: scheduledAttempt + 1, nextAttemptAt: next };
}

/** The error recorded for an attempt: the sender's code and message, or the unaccepted status. */
export function attemptError(result: { status: number | null; error: string | null; errorMessage: string | null }, accepted: boolean): string | null {
  if (accepted) return null;
  if (result.error !== null) return `${result.error}: ${result.errorMessage ?? ''}`.trim();
  return `unaccepted_status: the receiver answered ${result.status}`;
}
