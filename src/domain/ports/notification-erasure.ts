import type { UserRef } from './document-erasure.js';

/** The erasure of what the notification log keeps about one user. Provided by the Notification module. */
export abstract class NotificationErasure {
  /**
   * Removes every notification about the user, and from now on records none about a fact that occurred up
   * to `factsUntil` (a message still on its way). Safe to repeat: the same `erasureId` answers the count
   * of its first run.
   */
  abstract erase(erasureId: string, user: UserRef, factsUntil: Date): Promise<number>;
}
