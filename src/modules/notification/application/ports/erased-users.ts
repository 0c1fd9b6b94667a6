import type { EntityManager } from 'typeorm';
import type { UserRef } from '../../../../domain/ports/document-erasure.js';

/**
 * Users whose notifications were erased. A recording and an erasure about the same user never overlap:
 * a notification is either recorded before the erasure removes it, or never recorded.
 */
export abstract class ErasedUsers {
  /** In the recording transaction (which then holds their erasure off): those of `userIds` whose facts up to `occurredAt` were erased. */
  abstract erasedAmong(tx: EntityManager, clientId: string, userIds: readonly string[], occurredAt: Date): Promise<Set<string>>;
  /** Removes the user's notifications once per erasure, and records none about facts up to `factsUntil`; a repeat answers the first count. */
  abstract erase(erasureId: string, user: UserRef, factsUntil: Date): Promise<number>;
}
