/** A credential and the one it replaced, which keeps working until its overlap ends. */
export interface RotatingCredential<T> {
  current: T;
  previous: T | null;
  previousExpiresAt: Date | null;
}

/** The longest overlap a rotation may ask for: long enough to move every receiver, short enough to end a leak. */
export const MAX_ROTATION_OVERLAP_MS = 30 * 24 * 3600 * 1000;

/** When the replaced credential stops working; null when it stops at once (overlap 0, or revoked). */
export function previousExpiry(now: Date, overlapMs: number): Date | null {
  return overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null;
}

/** The previous credential while its overlap lasts, else null. */
export function previousInForce<T>(credential: RotatingCredential<T>, now: Date): { value: T; expiresAt: Date } | null {
  const { previous, previousExpiresAt } = credential;
  return previous !== null && previousExpiresAt !== null && previousExpiresAt > now ? { value: previous, expiresAt: previousExpiresAt } : null;
}

/** What a delivery is signed with: the current secret first, then the previous one while its overlap lasts. */
export function secretsInForce(secret: RotatingCredential<string>, now: Date): string[] {
  const previous = previousInForce(secret, now);
  return previous ? [secret.current, previous.value] : [secret.current];
}
