import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isFree, Leases, modifiedRows, queryPrepared, type LeasedTable, type OneStatementPublication } from '../../../../../libs/kernel/index.js';
import { scrapeQuery } from '../../../../../libs/metrics/index.js';
import type { AttemptRecord, LeasedDocument } from '../domain/ledger-document.js';
import type { LedgerChange } from '../domain/transitions.js';
import type { Environment } from '../../../../domain/environment.js';
import { DocumentLedger, type Claim, type Claimed, type PendingState, type RecordedStorage, type RequestedNumber, type SkippedDocument } from '../application/ports/document-ledger.js';
import { ATTEMPT_COLUMNS, attemptParameters } from './attempt-rows.js';
import { column } from './sql-rows.js';
import { statusColumn, statusValue } from './status-column.js';
import type { LedgerStatus } from '../domain/ledger-status.js';

/** Up to this many pending documents (PostgreSQL's running estimate), the pending gauge counts them exactly. */
const PENDING_EXACT_UP_TO = 100_000;
/** Beyond it, about this many rows are sampled and the counts scaled up. */
const PENDING_SAMPLE = 20_000;

/**
 * The clauses that record a round's attempts: each attempt (unless its document was erased), and each document
 * settled (out of the queue, its ledger row told) or waiting for its next step, if this worker ($16) still holds it.
 * Nothing is written unless `guard` (SQL) holds.
 */
function recordingClauses(guard: string): string {
  return `input AS (
         SELECT * FROM unnest(${ATTEMPT_COLUMNS.parameters}, $13::text[], $14::timestamptz[], $15::text[])
         AS t(${ATTEMPT_COLUMNS.names}, status, due_at, exhausted_reason)),
       recorded AS (
         INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS.names})
         SELECT ${ATTEMPT_COLUMNS.names} FROM input
         WHERE EXISTS (SELECT 1 FROM documents e WHERE e.id = input.document_id AND e.created_at = input.document_created_at AND e.status <> 'Erased')
           AND ${guard}
         ON CONFLICT DO NOTHING),
       settled AS (
         DELETE FROM delivery_queue q USING input
         WHERE q.document_id = input.document_id AND q.lease_owner = $16 AND input.status <> 'Pending' AND ${guard}
         RETURNING q.document_id, q.created_at, q.attempts, input.status, input.attempted_at),
       told AS (
         UPDATE documents d SET status = settled.status, attempts = settled.attempts, last_attempted_at = settled.attempted_at
         FROM settled WHERE d.id = settled.document_id AND d.created_at = settled.created_at AND d.status = 'Pending'),
       waiting AS (
         UPDATE delivery_queue q SET due_at = input.due_at, exhausted_reason = input.exhausted_reason,
           last_attempted_at = input.attempted_at, lease_until = NULL, lease_owner = NULL,
           -- The schedule counts from the first POST, which may start after its claim (the hook gate admits it).
           first_attempted_at = CASE WHEN q.scheduled_attempts = 1 THEN input.attempted_at ELSE q.first_attempted_at END
         FROM input WHERE q.document_id = input.document_id AND q.lease_owner = $16 AND input.status = 'Pending' AND ${guard}
         RETURNING q.document_id)`;
}

/** Every document of the round still held by this worker: counted, and locked, by the `held` clause. */
const ALL_HELD = '(SELECT n FROM held) = cardinality($1::uuid[])';

function recordingParameters(outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string): unknown[] {
  const changes = outcomes.map((outcome) => outcome.change);
  return [
    ...attemptParameters(outcomes.map((outcome) => outcome.record)),
    column(changes, (c) => c.status),
    column(changes, (c) => c.dueAt),
    column(changes, (c) => c.exhaustedReason),
    owner,
  ];
}

/** The delivery queue as leased rows. */
const QUEUE: LeasedTable = { table: 'delivery_queue', key: 'document_id' };

const LEASED_COLUMNS = `q.document_id AS id, q.client_id AS "clientId", q.hook_id AS "hookId", q.environment, q.kind, q.type, q.user_id AS "userId",
  q.created_at AS "createdAt", q.attempts, q.scheduled_attempts AS "scheduledAttempts", q.first_attempted_at AS "firstAttemptedAt",
  q.exhausted_reason AS "exhaustedReason", q.store_attempts AS "storeAttempts", q.trace_parent AS "traceParent"`;

/** Due, and nobody holds it: a worker's lease that ran out counts as free (that worker is gone). */
const freeAndDue = (hookId: string) => `c.hook_id = ${hookId} AND c.due_at <= now() AND ${isFree('c')}`;

/** With `ordering: user`, a document waits while an earlier one about the same user is still in the queue. */
const FIRST_OF_ITS_USER = `NOT EXISTS (SELECT 1 FROM delivery_queue p WHERE p.hook_id = c.hook_id AND p.user_id = c.user_id AND p.seq < c.seq)`;

/** The claimed rows, and their bodies, read in the statement that claims them. */
const withBodies = (leased: string) => `SELECT ${LEASED_COLUMNS}, b.data FROM ${leased} q JOIN document_bodies b ON b.document_id = q.document_id AND b.created_at = q.created_at`;
const documentKey = (document: LeasedDocument) => document.id;

/**
 * The delivery ledger. Pending work is the delivery queue, one small row per Pending document: claimed with one
 * conditional UPDATE (due, lease free or expired), worked on, then written back with a guard on the lease that
 * took it. Settling deletes the row and updates the document's record, whose changed columns no index holds, so
 * that update is HOT. A copy of a wake-up, a stale one, or a worker that lost its lease changes nothing.
 */
@Injectable()
export class LedgerStore implements DocumentLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: Leases,
  ) {}

  async claimAttempts(claim: Claim, ordered: boolean): Promise<Claimed> {
    const { lease, rows } = await this.leases.claim<LeasedDocument>(QUEUE, {
      pick: (p) =>
        `SELECT c.document_id FROM delivery_queue c WHERE ${freeAndDue(p(claim.hookId))} AND c.exhausted_reason IS NULL ${ordered ? `AND ${FIRST_OF_ITS_USER}` : ''}
         ORDER BY c.due_at, c.seq`,
      limit: claim.limit,
      set: () => `attempts = t.attempts + 1, scheduled_attempts = t.scheduled_attempts + 1, first_attempted_at = COALESCE(t.first_attempted_at, now())`,
      select: withBodies,
      keyOf: documentKey,
    });
    return { lease, documents: rows };
  }

  async unclaimAttempts(documentIds: readonly string[], owner: string): Promise<void> {
    if (documentIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE delivery_queue SET lease_until = NULL, lease_owner = NULL, attempts = attempts - 1, scheduled_attempts = scheduled_attempts - 1,
         first_attempted_at = CASE WHEN scheduled_attempts = 1 THEN NULL ELSE first_attempted_at END
       WHERE document_id = ANY($1::uuid[]) AND lease_owner = $2`,
      [documentIds, owner],
    );
  }

  async claimStorage(claim: Claim): Promise<Claimed> {
    const { lease, rows } = await this.leases.claim<LeasedDocument>(QUEUE, {
      pick: (p) => `SELECT c.document_id FROM delivery_queue c WHERE ${freeAndDue(p(claim.hookId))} AND c.exhausted_reason IS NOT NULL ORDER BY c.due_at, c.seq`,
      limit: claim.limit,
      select: withBodies,
      keyOf: documentKey,
    });
    return { lease, documents: rows };
  }

  async skipToBucket(tx: EntityManager, hookId: string, limit: number): Promise<SkippedDocument[]> {
    return modifiedRows(
      await tx.query(
        `UPDATE delivery_queue q SET exhausted_reason = 'hook_suspended', due_at = now()
         FROM (SELECT c.document_id FROM delivery_queue c WHERE ${freeAndDue('$1')} AND c.exhausted_reason IS NULL AND c.scheduled_attempts = 0
               ORDER BY c.due_at, c.seq LIMIT $2 FOR UPDATE SKIP LOCKED) skipped
         WHERE q.document_id = skipped.document_id
         RETURNING q.document_id AS id, q.client_id AS "clientId", q.hook_id AS "hookId", q.environment, q.kind, q.type, q.user_id AS "userId", q.attempts`,
        [hookId, limit],
      ),
    );
  }

  async recordAttempts(tx: EntityManager, outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const rows = await queryPrepared<{ id: string }[]>(
      tx,
      `WITH ${recordingClauses('true')}
       SELECT document_id AS id FROM settled UNION ALL SELECT document_id AS id FROM waiting`,
      recordingParameters(outcomes, owner),
    );
    return new Set(rows.map((row) => row.id));
  }

  async recordAttemptsAtOnce(outcomes: readonly { record: AttemptRecord; change: LedgerChange }[], owner: string, events: OneStatementPublication): Promise<boolean> {
    if (outcomes.length === 0) return true;
    const parameters = recordingParameters(outcomes, owner);
    const messages = events.insert(parameters.length + 1, ALL_HELD);
    const [{ allHeld }] = await queryPrepared<{ allHeld: boolean }[]>(
      this.dataSource,
      `WITH held AS (SELECT count(*) AS n FROM (SELECT 1 FROM delivery_queue q WHERE q.document_id = ANY($1::uuid[]) AND q.lease_owner = $16 FOR UPDATE) locked),
       ${recordingClauses(ALL_HELD)},
       messages AS (${messages.sql})
       SELECT ${ALL_HELD} AS "allHeld"`,
      [...parameters, ...messages.params],
    );
    return allHeld;
  }

  async recordStored(tx: EntityManager, documentIds: readonly string[], owner: string): Promise<RecordedStorage[]> {
    if (documentIds.length === 0) return [];
    return tx.query(
      `WITH settled AS (
         DELETE FROM delivery_queue q USING unnest($1::uuid[]) AS input(document_id)
         WHERE q.document_id = input.document_id AND q.lease_owner = $2
         RETURNING q.document_id, q.created_at, q.attempts, q.last_attempted_at),
       told AS (
         UPDATE documents d SET status = ${statusValue('Stored')}, stored = true, attempts = settled.attempts, last_attempted_at = settled.last_attempted_at
         FROM settled WHERE d.id = settled.document_id AND d.created_at = settled.created_at),
       unbodied AS (DELETE FROM document_bodies b USING settled WHERE b.document_id = settled.document_id AND b.created_at = settled.created_at)
       SELECT document_id AS "documentId", attempts FROM settled`,
      [documentIds, owner],
    );
  }

  async postponeStorage(postponed: readonly { documentId: string; at: Date }[], owner: string): Promise<void> {
    if (postponed.length === 0) return;
    await this.dataSource.query(
      `UPDATE delivery_queue q SET store_attempts = q.store_attempts + 1, due_at = input.at, lease_until = NULL, lease_owner = NULL
       FROM unnest($1::uuid[], $2::timestamptz[]) AS input(id, at)
       WHERE q.document_id = input.id AND q.lease_owner = $3`,
      [column(postponed, (p) => p.documentId), column(postponed, (p) => p.at), owner],
    );
  }

  async takeRequested(documentId: string, createdAt: Date): Promise<RequestedNumber | null> {
    const [taken]: (RequestedNumber | { attempt: null })[] = await this.dataSource.query(
      `WITH queued AS (UPDATE delivery_queue SET attempts = attempts + 1 WHERE document_id = $1 RETURNING attempts),
       settled AS (
         UPDATE documents SET attempts = attempts + 1
         WHERE id = $1 AND created_at = $2 AND status <> 'Erased' AND NOT EXISTS (SELECT 1 FROM queued)
         RETURNING attempts)
       SELECT COALESCE((SELECT attempts FROM queued), (SELECT attempts FROM settled)) AS attempt, EXISTS (SELECT 1 FROM queued) AS pending`,
      [documentId, createdAt],
    );
    return taken.attempt === null ? null : (taken as RequestedNumber);
  }

  async recordRequested(tx: EntityManager, record: AttemptRecord, accepted: boolean, data: string): Promise<boolean> {
    const params = [record.documentId, record.documentCreatedAt, record.attemptedAt];
    // Accepted, it is Success wherever it was; a Pending one leaves the queue, whose count of attempts is the latest.
    const [{ known }]: { known: boolean }[] = await tx.query(
      accepted
        ? `WITH queued AS (
             DELETE FROM delivery_queue q WHERE q.document_id = $1
               AND EXISTS (SELECT 1 FROM documents e WHERE e.id = $1 AND e.created_at = $2 AND e.status <> 'Erased')
             RETURNING q.attempts),
           document AS (
             UPDATE documents d SET status = 'Success', attempts = GREATEST(d.attempts, COALESCE((SELECT attempts FROM queued), 0)),
               last_attempted_at = GREATEST(COALESCE(d.last_attempted_at, $3), $3)
             WHERE d.id = $1 AND d.created_at = $2 AND d.status <> 'Erased' RETURNING d.id)
           SELECT EXISTS (SELECT 1 FROM document) AS known`
        : `WITH queued AS (UPDATE delivery_queue SET last_attempted_at = $3 WHERE document_id = $1 RETURNING 1),
           document AS (
             UPDATE documents d SET last_attempted_at = GREATEST(COALESCE(d.last_attempted_at, $3), $3)
             WHERE d.id = $1 AND d.created_at = $2 AND d.status NOT IN ('Erased', 'Pending') RETURNING 1)
           SELECT EXISTS (SELECT 1 FROM queued) OR EXISTS (SELECT 1 FROM document) AS known`,
      params,
    );
    if (!known) return false;
    if (accepted) {
      // Kept for redelivery until DELIVERED_RETENTION, also when it came from the bucket.
      await tx.query(
        `INSERT INTO document_bodies (document_id, created_at, data) VALUES ($1, $2, $3)
         ON CONFLICT (document_id, created_at) DO UPDATE SET data = COALESCE(document_bodies.data, EXCLUDED.data), purged_at = NULL`,
        [record.documentId, record.documentCreatedAt, data],
      );
    }
    await tx.query(`INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS.names}) SELECT * FROM unnest(${ATTEMPT_COLUMNS.parameters}) ON CONFLICT DO NOTHING`, attemptParameters([record]));
    return true;
  }

  async statuses(documents: readonly { documentId: string; createdAt: Date }[]): Promise<Map<string, LedgerStatus | 'Erased'>> {
    const rows: { id: string; status: LedgerStatus | 'Erased' }[] = await this.dataSource.query(
      `SELECT d.id, ${statusColumn('d')} FROM documents d JOIN unnest($1::uuid[], $2::timestamptz[]) AS input(id, created_at) ON d.id = input.id AND d.created_at = input.created_at`,
      [column(documents, (d) => d.documentId), column(documents, (d) => d.createdAt)],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async overdueHooks(graceMs: number, limit: number): Promise<{ hookId: string; count: number }[]> {
    // A loose scan of the hooks with queued documents (an index probe each), then per hook its overdue rows only,
    // counted up to `limit`: documents waiting for a later retry are never read, however many they are.
    const rows: { hookId: string; count: string }[] = await this.dataSource.query(
      `WITH RECURSIVE hooks AS (
         (SELECT hook_id FROM delivery_queue ORDER BY hook_id LIMIT 1)
         UNION ALL
         SELECT (SELECT q.hook_id FROM delivery_queue q WHERE q.hook_id > hooks.hook_id ORDER BY q.hook_id LIMIT 1) FROM hooks WHERE hooks.hook_id IS NOT NULL)
       SELECT h.hook_id AS "hookId", overdue.count FROM hooks h
       CROSS JOIN LATERAL (
         SELECT count(*) AS count FROM (
           SELECT 1 FROM delivery_queue q WHERE q.hook_id = h.hook_id AND q.due_at <= now()
             AND (q.lease_until < now() OR (q.lease_until IS NULL AND q.due_at < now() - $1 * interval '1 millisecond'))
           LIMIT $2) o) overdue
       WHERE h.hook_id IS NOT NULL AND overdue.count > 0`,
      [graceMs, limit],
    );
    return rows.map(({ hookId, count }) => ({ hookId, count: Number(count) }));
  }

  /**
   * Counted exactly while the queue is small; a big one (a receiver down for a day) is sampled instead: about
   * PENDING_SAMPLE rows' worth of its pages give each state's share of PostgreSQL's running estimate of its size. Either way the count reads a bounded part of the table.
   */
  async countPending(): Promise<{ environment: Environment; state: PendingState; count: number }[]> {
    const [{ rows: estimated }] = await scrapeQuery<{ rows: number }>(
      this.dataSource,
      `SELECT greatest(n_live_tup, 0)::float8 AS rows FROM pg_stat_user_tables WHERE relid = 'delivery_queue'::regclass`,
    );
    const percent = estimated > PENDING_EXACT_UP_TO ? Math.max(0.01, (100 * PENDING_SAMPLE) / estimated) : 100;
    // A sample gives each state's share; the estimate gives the total. Scaling by the sample's own size instead would
    // add the spread of how many pages the sample happened to take (about 5% at PENDING_SAMPLE).
    const count = percent < 100 ? `count(*)::float8 * ${estimated} / sum(count(*)) OVER ()` : 'count(*)';
    const rows = await scrapeQuery<{ environment: Environment; state: PendingState; count: string }>(
      this.dataSource,
      `SELECT environment, CASE WHEN exhausted_reason IS NOT NULL THEN 'storing' WHEN due_at > now() THEN 'retrying' ELSE 'due' END AS state,
         round(${count}) AS count
       FROM delivery_queue ${percent < 100 ? `TABLESAMPLE SYSTEM (${percent})` : ''} GROUP BY 1, 2`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
}
