/**
 * Attempt n+1 (n ≥ 1) happens at firstAttemptAt + schedule[n-1]: offsets count from the first
 * attempt, so a late retry does not push the later ones back. Null when no attempt is left.
 */
export function nextAttemptAt(firstAttemptAt: Date, attemptsMade: number, scheduleMs: readonly number[]): Date | null {
  const offset = scheduleMs[attemptsMade - 1];
  return offset === undefined ? null : new Date(firstAttemptAt.getTime() + offset);
}
