/**
 * How failed work is tried again: at most `attempts` tries in all, the first retry after `firstMs`, each wait
 * double the one before and never longer than `maxMs`. The kernel holds the mechanism; the numbers are the
 * application's (its Retry module), handed to the kernel in KernelOptions.retryRules.
 */
export interface BackoffRule {
  /** Tries in all, the first one included; Infinity: for as long as it takes. */
  attempts: number;
  firstMs: number;
  maxMs: number;
}

/** The one backoff formula: doubles from firstMs and never waits longer than maxMs, so a long outage is retried steadily, not abandoned. */
export function cappedExponentialBackoff(attemptsMade: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, attemptsMade - 1), maxMs);
}

/** When work that failed its `attemptsMade`th try is tried again; null when the rule's tries ran out. */
export function retryAfterFailure(rule: BackoffRule, attemptsMade: number, now = new Date()): Date | null {
  if (attemptsMade >= rule.attempts) return null;
  return new Date(now.getTime() + cappedExponentialBackoff(attemptsMade, rule.firstMs, rule.maxMs));
}
