import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRef } from '../../../domain/ports/document-erasure.js';
import { ErasedUsers } from '../application/ports/erased-users.js';

/** Namespaces the advisory locks taken on a user (the second key is a hash of the user). */
const USER_LOCKS = 716_201_903;
const ERASED_PER_PAGE = 1000;

/**
 * Erasures of notifications about users. A recording of notifications and an erasure about the same user
 * are serialized by an advisory lock on that user (shared by recordings, exclusive to the erasure): a
 * notification is either recorded before the erasure removes it, or never recorded.
 */
@Injectable()
export class TypeOrmErasedUsers implements ErasedUsers {
  constructor(private readonly dataSource: DataSource) {}

  /** In the recording transaction: the users of `userIds` whose facts up to `occurredAt` were erased. */
  async erasedAmong(tx: EntityManager, clientId: string, userIds: readonly string[], occurredAt: Date): Promise<Set<string>> {
    const users = [...new Set(userIds)].sort();
    if (users.length === 0) return new Set();
    const hashes = users.map((userId) => userHash({ clientId, userId }));
    await tx.query(`SELECT pg_advisory_xact_lock_shared($1, hashtext(h)) FROM unnest($2::text[]) AS h`, [USER_LOCKS, hashes]);
    const erased: { hash: string }[] = await tx.query(
      `SELECT DISTINCT user_hash AS hash FROM notification_erasures WHERE client_id = $1 AND user_hash = ANY($2::text[]) AND facts_until >= $3`,
      [clientId, hashes, occurredAt],
    );
    const erasedHashes = new Set(erased.map((row) => row.hash));
    return new Set(users.filter((_, i) => erasedHashes.has(hashes[i])));
  }

  /**
   * Removes the user's notifications a page at a time, each page counted in the erasure's record in the same
   * transaction: a repeat after a crash goes on where it stopped, and answers the whole count.
   */
  async erase(erasureId: string, user: UserRef, factsUntil: Date): Promise<number> {
    const hash = userHash(user);
    await this.dataSource.query(
      `INSERT INTO notification_erasures (erasure_id, client_id, user_hash, facts_until, removed) VALUES ($1, $2, $3, $4, 0) ON CONFLICT (erasure_id) DO NOTHING`,
      [erasureId, user.clientId, hash, factsUntil],
    );
    for (;;) {
      const removed = await this.dataSource.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [USER_LOCKS, hash]);
        const [, count] = (await tx.query(
          `DELETE FROM notifications WHERE (id, created_at) IN (SELECT id, created_at FROM notifications WHERE client_id = $1 AND user_id = $2 LIMIT $3)`,
          [user.clientId, user.userId, ERASED_PER_PAGE],
        )) as [unknown, number];
        await tx.query('UPDATE notification_erasures SET removed = removed + $2 WHERE erasure_id = $1', [erasureId, count]);
        return count;
      });
      if (removed < ERASED_PER_PAGE) break;
    }
    const [{ removed }]: { removed: number }[] = await this.dataSource.query('SELECT removed FROM notification_erasures WHERE erasure_id = $1', [erasureId]);
    return removed;
  }
}

function userHash({ clientId, userId }: UserRef): string {
  return createHash('sha256').update(`${clientId}\n${userId}`).digest('hex');
}
