import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeliveryStatus } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import type { EventsCursor } from '../domain/events-cursor.js';
import type { AttemptRecord, NewDocument, StoredDocument } from '../domain/stored-document.js';

const DOCUMENT_COLUMNS = `id, client_id AS "clientId", environment, kind, type, user_id AS "userId", data, status,
  created_at AS "createdAt", first_attempted_at AS "firstAttemptedAt", last_attempted_at AS "lastAttemptedAt",
  next_attempt_at AS "nextAttemptAt", attempts, skipped_reason AS "skippedReason", rejected_bucket AS "rejectedBucket",
  rejected_key AS "rejectedKey", stored_at AS "storedAt", expires_at AS "expiresAt", expired_at AS "expiredAt"`;

/** A document's attempts, read in the same statement (one snapshot): a view never mixes before and after an attempt. */
const ATTEMPTS_OF_DOCUMENT = `COALESCE((
  SELECT json_agg(json_build_object('deliveryId', a.delivery_id, 'documentId', a.document_id, 'attempt', a.attempt,
    'scheduledAttempt', a.scheduled_attempt, 'trigger', a.trigger, 'hookId', a.hook_id, 'attemptedAt', a.attempted_at,
    'responseStatus', a.response_status, 'responseDurationMs', a.response_duration_ms, 'error', a.error) ORDER BY a.attempt)
  FROM delivery_attempts a WHERE a.document_id = documents.id), '[]') AS "attemptsMade"`;

export interface DocumentWithAttempts {
  document: StoredDocument;
  attempts: AttemptRecord[];
}

type RowWithAttempts = StoredDocument & { attemptsMade: (Omit<AttemptRecord, 'attemptedAt'> & { attemptedAt: string })[] };

export interface EventsFilter {
  clientId: string | null;
  environment?: Environment;
  status?: DeliveryStatus;
  after?: EventsCursor;
  limit: number;
}

/** How an attempt changes its document. */
export interface AttemptEffect {
  accepted: boolean;
  /** For a failed scheduled attempt: when the next one is due (null when none is left). Resends and redeliveries leave it as it was. */
  nextAttemptAt: Date | null;
  scheduled: boolean;
}

/** The documents and delivery_attempts tables, in plain SQL: each hot-path step is one round trip. */
@Injectable()
export class DocumentStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the documents not seen before and returns their ids; an id seen before (even concurrently) is left alone. */
  async insertNew(tx: EntityManager, documents: readonly NewDocument[], createdAt: Date): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO documents (id, client_id, environment, kind, type, user_id, data, created_at)
       SELECT t.id, t.client_id, t.environment, t.kind, t.type, t.user_id, t.data::jsonb, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS t(id, client_id, environment, kind, type, user_id, data)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        documents.map((d) => d.id),
        documents.map((d) => d.clientId),
        documents.map((d) => d.environment),
        documents.map((d) => d.kind),
        documents.map((d) => d.type),
        documents.map((d) => d.userId),
        documents.map((d) => JSON.stringify(d.data)),
        createdAt,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  async statusOf(id: string): Promise<DeliveryStatus | null> {
    const rows: { status: DeliveryStatus }[] = await this.dataSource.query('SELECT status FROM documents WHERE id = $1', [id]);
    return rows[0]?.status ?? null;
  }

  /** The document, limited to one client unless clientId is null (an operator). */
  async find(id: string, clientId: string | null): Promise<StoredDocument | null> {
    const rows: StoredDocument[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid)`,
      [id, clientId],
    );
    return rows[0] ?? null;
  }

  /**
   * Takes the next attempt number for scheduled attempt `scheduledAttempt`, unless the document no longer
   * waits for it (delivered, skipped, stored, or that attempt already recorded): then null.
   * Also loads the document, so a scheduled attempt costs one query before its POST.
   */
  async takeScheduledAttempt(id: string, scheduledAttempt: number, startedAt: Date): Promise<StoredDocument | null> {
    const rows = updatedRows<StoredDocument>(
      await this.dataSource.query(
        `UPDATE documents SET attempts = attempts + 1, first_attempted_at = COALESCE(first_attempted_at, $3)
         WHERE id = $1 AND status = 'Pending' AND skipped_reason IS NULL
           AND NOT EXISTS (SELECT 1 FROM delivery_attempts WHERE document_id = $1 AND scheduled_attempt = $2)
         RETURNING ${DOCUMENT_COLUMNS}`,
        [id, scheduledAttempt, startedAt],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * The batch form of takeScheduledAttempt: one statement for many documents. Each returned document
   * carries the scheduled attempt it was taken for.
   */
  async takeScheduledAttempts(
    wanted: readonly { documentId: string; scheduledAttempt: number }[],
    startedAt: Date,
  ): Promise<(StoredDocument & { scheduledAttempt: number })[]> {
    if (wanted.length === 0) return [];
    return updatedRows<StoredDocument & { scheduledAttempt: number }>(
      await this.dataSource.query(
        `UPDATE documents SET attempts = attempts + 1, first_attempted_at = COALESCE(first_attempted_at, $3)
         FROM unnest($1::uuid[], $2::int[]) AS wanted(document_id, scheduled)
         WHERE documents.id = wanted.document_id AND status = 'Pending' AND skipped_reason IS NULL
           AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.document_id = wanted.document_id AND a.scheduled_attempt = wanted.scheduled)
         RETURNING ${DOCUMENT_COLUMNS}, wanted.scheduled AS "scheduledAttempt"`,
        [wanted.map((w) => w.documentId), wanted.map((w) => w.scheduledAttempt), startedAt],
      ),
    );
  }

  /** Takes the next attempt number for an attempt a client asked for, whatever the document's state. */
  async takeRequestedAttempt(id: string, startedAt: Date): Promise<StoredDocument | null> {
    const rows = updatedRows<StoredDocument>(
      await this.dataSource.query(
        `UPDATE documents SET attempts = attempts + 1, first_attempted_at = COALESCE(first_attempted_at, $2)
         WHERE id = $1 RETURNING ${DOCUMENT_COLUMNS}`,
        [id, startedAt],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * Records the attempt and applies it to its document in one statement. Returns false when that
   * scheduled attempt was already recorded (a duplicate message): nothing changed.
   */
  async recordAttempt(tx: EntityManager, attempt: AttemptRecord, effect: AttemptEffect): Promise<boolean> {
    const rows = updatedRows(
      await tx.query(
        `WITH recorded AS (
           INSERT INTO delivery_attempts (delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id,
             attempted_at, response_status, response_duration_ms, error)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (document_id, scheduled_attempt) DO NOTHING
           RETURNING document_id)
         UPDATE documents SET
           last_attempted_at = GREATEST(COALESCE(last_attempted_at, $7::timestamptz), $7::timestamptz),
           status = CASE WHEN $11::boolean THEN 'Success' ELSE status END,
           next_attempt_at = CASE WHEN $11::boolean THEN NULL WHEN $12::boolean THEN $13::timestamptz ELSE next_attempt_at END
         WHERE id = (SELECT document_id FROM recorded)
         RETURNING 1`,
        [
          attempt.deliveryId,
          attempt.documentId,
          attempt.attempt,
          attempt.scheduledAttempt,
          attempt.trigger,
          attempt.hookId,
          attempt.attemptedAt,
          attempt.responseStatus,
          attempt.responseDurationMs,
          attempt.error,
          effect.accepted,
          effect.scheduled,
          effect.nextAttemptAt,
        ],
      ),
    );
    return rows.length > 0;
  }

  /**
   * The batch form of recordAttempt for scheduled attempts: records them and applies them to their documents
   * in one statement. Returns the delivery ids recorded; one missing was a duplicate and changed nothing.
   */
  async recordScheduledAttempts(tx: EntityManager, attempts: readonly { record: AttemptRecord; effect: AttemptEffect }[]): Promise<Set<string>> {
    if (attempts.length === 0) return new Set();
    const column = <T>(pick: (entry: { record: AttemptRecord; effect: AttemptEffect }) => T) => attempts.map(pick);
    const rows = updatedRows<{ deliveryId: string }>(
      await tx.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::text[], $6::uuid[], $7::timestamptz[],
             $8::int[], $9::int[], $10::text[], $11::boolean[], $12::timestamptz[])
           AS t(delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at,
             response_status, response_duration_ms, error, accepted, next_attempt_at)),
         recorded AS (
           INSERT INTO delivery_attempts (delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id,
             attempted_at, response_status, response_duration_ms, error)
           SELECT delivery_id, document_id, attempt, scheduled_attempt, trigger, hook_id, attempted_at,
             response_status, response_duration_ms, error FROM input
           ON CONFLICT (document_id, scheduled_attempt) DO NOTHING
           RETURNING delivery_id)
         UPDATE documents SET
           last_attempted_at = GREATEST(COALESCE(last_attempted_at, input.attempted_at), input.attempted_at),
           status = CASE WHEN input.accepted THEN 'Success' ELSE status END,
           next_attempt_at = CASE WHEN input.accepted THEN NULL ELSE input.next_attempt_at END
         FROM input JOIN recorded USING (delivery_id)
         WHERE documents.id = input.document_id
         RETURNING input.delivery_id AS "deliveryId"`,
        [
          column((a) => a.record.deliveryId),
          column((a) => a.record.documentId),
          column((a) => a.record.attempt),
          column((a) => a.record.scheduledAttempt),
          column((a) => a.record.trigger),
          column((a) => a.record.hookId),
          column((a) => a.record.attemptedAt),
          column((a) => a.record.responseStatus),
          column((a) => a.record.responseDurationMs),
          column((a) => a.record.error),
          column((a) => a.effect.accepted),
          column((a) => a.effect.nextAttemptAt),
        ],
      ),
    );
    return new Set(rows.map((row) => row.deliveryId));
  }

  /** A new document for a Suspended hook goes straight to the bucket; null when it was already skipped or attempted. */
  async markSkipped(tx: EntityManager, id: string): Promise<StoredDocument | null> {
    const rows = updatedRows<StoredDocument>(
      await tx.query(
        `UPDATE documents SET skipped_reason = 'hook_suspended', next_attempt_at = NULL
         WHERE id = $1 AND status = 'Pending' AND skipped_reason IS NULL AND attempts = 0
         RETURNING ${DOCUMENT_COLUMNS}`,
        [id],
      ),
    );
    return rows[0] ?? null;
  }

  /** The rejected bucket holds it now; a document delivered meanwhile (a resend won the race) keeps its Success. */
  async markStored(id: string, stored: { bucket: string; key: string; storedAt: Date; expiresAt: Date }): Promise<void> {
    await this.dataSource.query(
      `UPDATE documents SET status = CASE WHEN status = 'Success' THEN status ELSE 'Failed' END,
         rejected_bucket = $2, rejected_key = $3, stored_at = $4, expires_at = $5, next_attempt_at = NULL
       WHERE id = $1`,
      [id, stored.bucket, stored.key, stored.storedAt, stored.expiresAt],
    );
  }

  async markExpired(id: string, expiredAt: Date): Promise<void> {
    await this.dataSource.query('UPDATE documents SET expired_at = $2 WHERE id = $1 AND expired_at IS NULL', [id, expiredAt]);
  }

  /** The document and its attempts, limited to one client unless clientId is null (an operator). */
  async findWithAttempts(id: string, clientId: string | null): Promise<DocumentWithAttempts | null> {
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid)`,
      [id, clientId],
    );
    return rows[0] ? withAttempts(rows[0]) : null;
  }

  /** Newest first, keyset-paginated on (created_at, id) so pages stay stable while documents arrive. */
  async list(filter: EventsFilter): Promise<DocumentWithAttempts[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.clientId !== null) conditions.push(`client_id = ${param(filter.clientId)}::uuid`);
    if (filter.environment) conditions.push(`environment = ${param(filter.environment)}`);
    if (filter.status) conditions.push(`status = ${param(filter.status)}`);
    if (filter.after) {
      conditions.push(`(created_at, id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents ${where} ORDER BY created_at DESC, id DESC LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map(withAttempts);
  }
}

/** TypeORM answers an UPDATE (even one RETURNING rows) with [rows, affected count]. */
function updatedRows<T = unknown>(result: [T[], number]): T[] {
  return result[0];
}

function withAttempts({ attemptsMade, ...document }: RowWithAttempts): DocumentWithAttempts {
  return { document, attempts: attemptsMade.map((attempt) => ({ ...attempt, attemptedAt: new Date(attempt.attemptedAt) })) };
}
