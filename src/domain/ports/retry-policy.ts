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

/** Retry's answer to "when is this document's next attempt, if any?". Provided by the Retry module. */
export abstract class RetryPolicy {
  abstract afterFailure(failure: FailedAttempt): RetryDecision;
}
