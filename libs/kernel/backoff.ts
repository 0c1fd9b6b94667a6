/** Doubles from firstMs and never waits longer than maxMs: a long outage is retried steadily, not abandoned. */
export function cappedExponentialBackoff(attemptsMade: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, attemptsMade - 1), maxMs);
}
