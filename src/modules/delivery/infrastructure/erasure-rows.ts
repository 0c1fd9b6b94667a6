import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserRef } from '../../../domain/ports/document-erasure.js';
import type { CancelledDocument } from '../domain/ledger-document.js';
import { ErasureRecords } from '../application/ports/erasure-records.js';
import { modifiedRows } from './sql-rows.js';

/** Rows deleted per statement, so that erasing a user with many documents holds no lock for long. */
const PURGED_PER_STATEMENT = 1000;

/**
 * The documents table under an erasure: rows of the user are first cancelled (status 'Erased': every other
 * statement of the ledger leaves them alone, the lease of a worker holding one is taken away), then deleted.
 */
@Injectable()
export class ErasureRows implements ErasureRecords {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the hook and the lease (if any) of each document it cancelled now. */
  async cancel(user: UserRef, receivedBy: Date): Promise<{ hookId: string; leaseUntil: Date | null }[]> {
    return modifiedRows(
      await this.dataSource.query(
        `WITH taken AS (
           SELECT id, hook_id, lease_until FROM documents
           WHERE client_id = $1 AND user_id = $2 AND created_at <= $3 AND status <> 'Erased' FOR UPDATE)
         UPDATE documents d SET status = 'Erased', data = NULL, next_attempt_at = NULL, lease_until = NULL, lease_owner = NULL
         FROM taken WHERE d.id = taken.id
         RETURNING taken.hook_id AS "hookId", taken.lease_until AS "leaseUntil"`,
        [user.clientId, user.userId, receivedBy],
      ),
    );
  }

  async countCancelled(user: UserRef): Promise<number> {
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM documents WHERE client_id = $1 AND user_id = $2 AND status = 'Erased'`,
      [user.clientId, user.userId],
    );
    return Number(count);
  }

  async cancelled(user: UserRef, afterId: string | null, limit: number): Promise<CancelledDocument[]> {
    return this.dataSource.query(
      `SELECT id, client_id AS "clientId", environment, kind, rejected_bucket AS "rejectedBucket", rejected_key AS "rejectedKey",
         exhausted_reason AS "exhaustedReason", created_at AS "createdAt", stored_at AS "storedAt"
       FROM documents WHERE client_id = $1 AND user_id = $2 AND status = 'Erased' AND ($3::uuid IS NULL OR id > $3::uuid)
       ORDER BY id LIMIT $4`,
      [user.clientId, user.userId, afterId, limit],
    );
  }

  /** Deletes cancelled rows and their attempts, a bounded number per statement. */
  async purge(user: UserRef): Promise<number> {
    let purged = 0;
    for (;;) {
      const [{ count }]: { count: string }[] = await this.dataSource.query(
        `WITH gone AS (
           DELETE FROM documents WHERE id IN (
             SELECT id FROM documents WHERE client_id = $1 AND user_id = $2 AND status = 'Erased' LIMIT $3)
           RETURNING id),
         attempts AS (DELETE FROM delivery_attempts WHERE document_id IN (SELECT id FROM gone))
         SELECT count(*) AS count FROM gone`,
        [user.clientId, user.userId, PURGED_PER_STATEMENT],
      );
      purged += Number(count);
      if (Number(count) < PURGED_PER_STATEMENT) return purged;
    }
  }
}
