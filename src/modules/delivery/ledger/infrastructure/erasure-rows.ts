import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRef } from '../../../../domain/ports/document-erasure.js';
import { ErasureRecords, type CancelledRows } from '../application/ports/erasure-records.js';
import type { CancelledForStorage } from '../domain/ledger-document.js';

interface UnqueuedRow {
  cancelled: number;
  hookId: string | null;
  leaseUntil: Date | null;
  exhausted: boolean | null;
  forStorage: CancelledForStorage | null;
}

/**
 * The ledger under an erasure, a bounded page per statement whatever the user's number of documents. Cancelling
 * marks a record 'Erased' (every other statement of the ledger leaves it alone), takes it out of the queue (the
 * lease of a worker holding it is gone with the row) and drops its body; purging deletes the record and attempts.
 * Every row of the user is found, whatever its age: (client_id, user_id) is indexed in each partition.
 */
@Injectable()
export class ErasureRows implements ErasureRecords {
  constructor(private readonly dataSource: DataSource) {}

  async cancel(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<CancelledRows> {
    const rows: UnqueuedRow[] = await tx.query(
      `WITH page AS (
         SELECT d.id, d.created_at, d.client_id, d.environment, d.kind FROM documents d
         WHERE d.client_id = $1 AND d.user_id = $2 AND d.created_at <= $3 AND d.status <> 'Erased'
         LIMIT $4 FOR UPDATE),
       cancelled AS (UPDATE documents d SET status = 'Erased' FROM page WHERE d.id = page.id AND d.created_at = page.created_at RETURNING d.id),
       unqueued AS (DELETE FROM delivery_queue q USING page WHERE q.document_id = page.id
         RETURNING q.hook_id, q.lease_until, q.exhausted_reason IS NOT NULL AS exhausted, page.id, page.client_id, page.environment, page.kind, page.created_at),
       unbodied AS (DELETE FROM document_bodies b USING page WHERE b.document_id = page.id AND b.created_at = page.created_at)
       SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, u.hook_id AS "hookId", u.lease_until AS "leaseUntil", u.exhausted,
         CASE WHEN u.exhausted THEN json_build_object('id', u.id, 'clientId', u.client_id, 'environment', u.environment, 'kind', u.kind, 'createdAt', u.created_at) END AS "forStorage"
       FROM (SELECT 1) one LEFT JOIN unqueued u ON true`,
      [user.clientId, user.userId, receivedBy, limit],
    );
    return {
      cancelled: rows[0]?.cancelled ?? 0,
      unqueued: rows.flatMap(({ hookId, leaseUntil }) => (hookId === null ? [] : [{ hookId, leaseUntil }])),
      forStorage: rows.flatMap(({ forStorage }) => (forStorage === null ? [] : [{ ...forStorage, createdAt: new Date(forStorage.createdAt) }])),
    };
  }

  async purge(user: UserRef, limit: number): Promise<number> {
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `WITH page AS (SELECT id, created_at FROM documents WHERE client_id = $1 AND user_id = $2 AND status = 'Erased' LIMIT $3),
       gone AS (DELETE FROM documents d USING page WHERE d.id = page.id AND d.created_at = page.created_at RETURNING d.id, d.created_at),
       attempts AS (DELETE FROM delivery_attempts a USING gone WHERE a.document_id = gone.id AND a.document_created_at = gone.created_at),
       bodies AS (DELETE FROM document_bodies b USING gone WHERE b.document_id = gone.id AND b.created_at = gone.created_at)
       SELECT count(*) AS count FROM gone`,
      [user.clientId, user.userId, limit],
    );
    return Number(count);
  }
}
