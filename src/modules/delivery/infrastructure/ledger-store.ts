import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { scrapeQuery } from '../../../../libs/metrics/index.js';
import type { DeliveryStatus } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import type { StoredObject } from '../../../domain/ports/rejected-bucket.js';
import type { AttemptRecord, LeasedDocument, StoredDocument } from '../domain/ledger-document.js';
import type { LedgerChange } from '../domain/transitions.js';
import { DocumentLedger, type Claim, type PendingState, type SkippedDocument } from '../application/ports/document-ledger.js';
import { DOCUMENT_COLUMNS } from './event-queries.js';
import { column, modifiedRows } from './sql-rows.js';

const LEASED_COLUMNS = `d.id, d.client_id AS "clientId", d.hook_id AS "hookId", d.environment, d.kind, d.type, d.user_id AS "userId",
  d.data, d.created_at AS "createdAt", d.attempts, d.scheduled_attempts AS "scheduledAttempts",
  d.first_attempted_at AS "firstAttemptedAt", d.exhausted_reason AS "exhaustedReason", d.store_attempts AS "storeAttempts"`;

/** Due, and nobody holds it: a worker's lease that ran out counts as free (that worker is gone or too slow). */
const FREE_AND_DUE = `c.hook_id = $1 AND c.status = 'Pending' AND c.next_attempt_at <= now() AND (c.lease_until IS NULL OR c.lease_until < now())`;

/** With `ordering: user`, a document waits while an earlier one about the same user is still Pending. */
const FIRST_OF_ITS_USER = `NOT EXISTS (SELECT 1 FROM documents p WHERE p.hook_id = c.hook_id AND p.user_id = c.user_id AND p.status = 'Pending' AND p.seq < c.seq)`;

/**
 * The delivery ledger: documents claimed with one conditional UPDATE (due, lease free or expired),
 * worked on, then written back with a guard on the lease that took them. A copy of a wake-up, a stale
 * one, or a worker that lost its lease changes nothing.
 */
@Injectable()
export class LedgerStore implements DocumentLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** Leases due attempts of a hook, taking each one's attempt numbers. */
  async claimAttempts(claim: Claim, ordered: boolean): Promise<LeasedDocument[]> {
    return modifiedRows<LeasedDocument>(
      await this.dataSource.query(
        `UPDATE documents d SET lease_until = now() + $3 * interval '1 millisecond', lease_owner = $4, attempts = d.attempts + 1,
           scheduled_attempts = d.scheduled_attempts + 1, first_attempted_at = COALESCE(d.first_attempted_at, now())
         FROM (SELECT c.id FROM documents c WHERE ${FREE_AND_DUE} AND c.exhausted_reason IS NULL ${ordered ? `AND ${FIRST_OF_ITS_USER}` : ''}
               ORDER BY c.next_attempt_at, c.seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
         WHERE d.id = due.id
         RETURNING ${LEASED_COLUMNS}`,
        [claim.hookId, claim.limit, claim.leaseMs, claim.owner],
      ),
    );
  }

  /** Leases exhausted documents of a hook that are due for the rejected bucket. */
  async claimStorage(claim: Claim): Promise<LeasedDocument[]> {
    return modifiedRows<LeasedDocument>(
      await this.dataSource.query(
        `UPDATE documents d SET lease_until = now() + $3 * interval '1 millisecond', lease_owner = $4
         FROM (SELECT c.id FROM documents c WHERE ${FREE_AND_DUE} AND c.exhausted_reason IS NOT NULL
               ORDER BY c.next_attempt_at, c.seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
         WHERE d.id = due.id
         RETURNING ${LEASED_COLUMNS}`,
        [claim.hookId, claim.limit, claim.leaseMs, claim.owner],
      ),
    );
  }

  /** Documents of a Suspended hook never attempted go straight to storage. */
  async skipToBucket(tx: EntityManager, hookId: string): Promise<SkippedDocument[]> {
    return modifiedRows(
      await tx.query(
        `UPDATE documents c SET exhausted_reason = 'hook_suspended', next_attempt_at = now()
         WHERE ${FREE_AND_DUE} AND c.exhausted_reason IS NULL AND c.scheduled_attempts = 0
         RETURNING id, client_id AS "clientId", hook_id AS "hookId", environment, kind, type, user_id AS "userId", attempts`,
        [hookId],
      ),
    );
  }

  /**
   * Records the attempts (they happened, whatever follows) and applies each one's change to its document
   * if this worker still holds it and it is still Pending (a redelivery may have delivered it meanwhile).
   * Returns the documents changed.
   */
  async recordAttempts(tx: EntityManager, outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const records = outcomes.map((outcome) => outcome.record);
    const changes = outcomes.map((outcome) => outcome.change);
    const rows = modifiedRows<{ id: string }>(
      await tx.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::text[], $6::uuid[], $7::timestamptz[], $8::int[], $9::int[],
             $10::text[], $11::text[], $12::timestamptz[], $13::text[])
           AS t(document_id, delivery_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at, response_status, response_duration_ms,
             error, status, next_attempt_at, exhausted_reason)),
         recorded AS (
           INSERT INTO delivery_attempts (delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at,
             response_status, response_duration_ms, error)
           SELECT delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at, response_status, response_duration_ms, error
           FROM input WHERE EXISTS (SELECT 1 FROM documents e WHERE e.id = input.document_id AND e.status <> 'Erased')
           ON CONFLICT DO NOTHING)
         UPDATE documents d SET status = input.status, next_attempt_at = input.next_attempt_at, exhausted_reason = input.exhausted_reason,
           last_attempted_at = GREATEST(COALESCE(d.last_attempted_at, input.attempted_at), input.attempted_at),
           lease_until = NULL, lease_owner = NULL
         FROM input WHERE d.id = input.document_id AND d.lease_owner = $14 AND d.status = 'Pending'
         RETURNING d.id`,
        [
          column(records, (r) => r.documentId),
          column(records, (r) => r.deliveryId),
          column(records, (r) => r.attempt),
          column(records, (r) => r.scheduledAttempt),
          column(records, (r) => r.trigger),
          column(records, (r) => r.hookId),
          column(records, (r) => r.attemptedAt),
          column(records, (r) => r.responseStatus),
          column(records, (r) => r.responseDurationMs),
          column(records, (r) => r.error),
          column(changes, (c) => c.status),
          column(changes, (c) => c.nextAttemptAt),
          column(changes, (c) => c.exhaustedReason),
          owner,
        ],
      ),
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Stored in the bucket: Failed, the body now lives there only. Returns the documents changed (still held and Pending). */
  async recordStored(tx: EntityManager, stored: readonly StoredObject[], owner: string): Promise<Set<string>> {
    if (stored.length === 0) return new Set();
    const rows = modifiedRows<{ id: string }>(
      await tx.query(
        `UPDATE documents d SET status = 'Failed', rejected_bucket = input.bucket, rejected_key = input.key, stored_at = input.stored_at,
           expires_at = input.expires_at, data = NULL, next_attempt_at = NULL, lease_until = NULL, lease_owner = NULL
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS input(id, bucket, key, stored_at, expires_at)
         WHERE d.id = input.id AND d.lease_owner = $6 AND d.status = 'Pending'
         RETURNING d.id`,
        [
          column(stored, (s) => s.documentId),
          column(stored, (s) => s.bucket),
          column(stored, (s) => s.key),
          column(stored, (s) => s.storedAt),
          column(stored, (s) => s.expiresAt),
          owner,
        ],
      ),
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The bucket did not take them: each tries again at its own time. */
  async postponeStorage(postponed: readonly { documentId: string; at: Date }[], owner: string): Promise<void> {
    if (postponed.length === 0) return;
    await this.dataSource.query(
      `UPDATE documents d SET store_attempts = d.store_attempts + 1, next_attempt_at = input.at, lease_until = NULL, lease_owner = NULL
       FROM unnest($1::uuid[], $2::timestamptz[]) AS input(id, at)
       WHERE d.id = input.id AND d.lease_owner = $3`,
      [column(postponed, (p) => p.documentId), column(postponed, (p) => p.at), owner],
    );
  }

  /** Takes the next attempt number for an attempt a client asked for, whatever the document's state. */
  async takeRequested(documentId: string, clientId: string | null): Promise<StoredDocument | null> {
    const rows = modifiedRows<StoredDocument>(
      await this.dataSource.query(
        `UPDATE documents SET attempts = attempts + 1 WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid) AND status <> 'Erased' RETURNING ${DOCUMENT_COLUMNS}`,
        [documentId, clientId],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * Records an attempt a client asked for. Accepted, the document is Success whatever it was, and keeps the
   * data it was sent with (for redelivery until DELIVERED_RETENTION); otherwise only its last attempt moves.
   * A document an erasure took meanwhile keeps nothing of it: returns false.
   */
  async recordRequested(tx: EntityManager, record: AttemptRecord, change: LedgerChange | null, data: string): Promise<boolean> {
    const moved = `last_attempted_at = GREATEST(COALESCE(last_attempted_at, $2::timestamptz), $2::timestamptz)`;
    const updated = modifiedRows(
      change === null
        ? await tx.query(`UPDATE documents SET ${moved} WHERE id = $1 AND status <> 'Erased' RETURNING id`, [record.documentId, record.attemptedAt])
        : await tx.query(
            `UPDATE documents SET ${moved}, status = $3, next_attempt_at = $4, exhausted_reason = $5, data = COALESCE(data, $6), body_purged_at = NULL
             WHERE id = $1 AND status <> 'Erased' RETURNING id`,
            [record.documentId, record.attemptedAt, change.status, change.nextAttemptAt, change.exhaustedReason, data],
          ),
    );
    if (updated.length === 0) return false;
    await tx.query(
      `INSERT INTO delivery_attempts (delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at,
         response_status, response_duration_ms, error) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9)`,
      [record.deliveryId, record.documentId, record.attempt, record.trigger, record.hookId, record.attemptedAt, record.responseStatus, record.responseDurationMs, record.error],
    );
    return true;
  }

  async statuses(ids: readonly string[]): Promise<Map<string, DeliveryStatus | 'Erased'>> {
    const rows: { id: string; status: DeliveryStatus | 'Erased' }[] = await this.dataSource.query('SELECT id, status FROM documents WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /** Per hook, Pending documents due for longer than the grace, or whose lease ran out. */
  async overdueByHook(graceMs: number): Promise<{ hookId: string; count: number }[]> {
    const rows: { hookId: string; count: string }[] = await this.dataSource.query(
      `SELECT hook_id AS "hookId", count(*) AS count FROM documents
       WHERE status = 'Pending' AND ((lease_until IS NULL AND next_attempt_at < now() - $1 * interval '1 millisecond') OR lease_until < now())
       GROUP BY hook_id`,
      [graceMs],
    );
    return rows.map(({ hookId, count }) => ({ hookId, count: Number(count) }));
  }

  /** For the metrics: an index-only scan of documents_due, so it costs what is Pending, never the delivered history. */
  async pendingByState(): Promise<{ environment: Environment; state: PendingState; count: number }[]> {
    const rows = await scrapeQuery<{ environment: Environment; state: PendingState; count: string }>(
      this.dataSource,
      `SELECT environment, CASE WHEN exhausted_reason IS NOT NULL THEN 'storing' WHEN next_attempt_at > now() THEN 'retrying' ELSE 'due' END AS state,
         count(*) AS count
       FROM documents WHERE status = 'Pending' GROUP BY 1, 2`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
}
