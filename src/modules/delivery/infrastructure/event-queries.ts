import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentLookup, type DocumentWithAttempts, type EventsFilter } from '../application/ports/document-lookup.js';
import type { AttemptRecord, StoredDocument } from '../domain/ledger-document.js';

export const DOCUMENT_COLUMNS = `id, client_id AS "clientId", hook_id AS "hookId", environment, kind, type, user_id AS "userId", data, status,
  created_at AS "createdAt", attempts, last_attempted_at AS "lastAttemptedAt", next_attempt_at AS "nextAttemptAt",
  exhausted_reason AS "exhaustedReason", rejected_bucket AS "rejectedBucket", rejected_key AS "rejectedKey", stored_at AS "storedAt",
  expires_at AS "expiresAt", expired_at AS "expiredAt", archived, body_purged_at AS "bodyPurgedAt"`;

/** A document's attempts, read in the same statement (one snapshot): a view never mixes before and after an attempt. */
const ATTEMPTS_OF_DOCUMENT = `COALESCE((
  SELECT json_agg(json_build_object('deliveryId', a.delivery_id, 'documentId', a.document_id, 'attempt', a.attempt,
    'scheduledAttempt', a.scheduled_attempt, 'trigger', a.trigger, 'hookId', a.hook_id, 'attemptedAt', a.attempted_at,
    'responseStatus', a.response_status, 'responseDurationMs', a.response_duration_ms, 'error', a.error) ORDER BY a.attempt)
  FROM delivery_attempts a WHERE a.document_id = documents.id), '[]') AS "attemptsMade"`;

/** A document being erased is as unknown as one never received. */
const SHOWN = `status <> 'Erased'`;

type RowWithAttempts = StoredDocument & { attemptsMade: (Omit<AttemptRecord, 'attemptedAt'> & { attemptedAt: string })[] };

/** The events API's reads of the documents table; every one scoped to a client unless an operator asks. */
@Injectable()
export class EventQueries implements DocumentLookup {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, clientId: string | null): Promise<StoredDocument | null> {
    const rows: StoredDocument[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid) AND ${SHOWN}`,
      [id, clientId],
    );
    return rows[0] ?? null;
  }

  async findWithAttempts(id: string, clientId: string | null): Promise<DocumentWithAttempts | null> {
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid) AND ${SHOWN}`,
      [id, clientId],
    );
    return rows[0] ? withAttempts(rows[0]) : null;
  }

  /** Newest first, keyset-paginated on (created_at, id) so pages stay stable while documents arrive. */
  async list(filter: EventsFilter): Promise<DocumentWithAttempts[]> {
    const conditions: string[] = [SHOWN];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.clientId !== null) conditions.push(`client_id = ${param(filter.clientId)}::uuid`);
    if (filter.environment) conditions.push(`environment = ${param(filter.environment)}`);
    if (filter.status) conditions.push(`status = ${param(filter.status)}`);
    if (filter.after) conditions.push(`(created_at, id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    const where = `WHERE ${conditions.join(' AND ')}`;
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents ${where} ORDER BY created_at DESC, id DESC LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map(withAttempts);
  }
}

function withAttempts({ attemptsMade, ...document }: RowWithAttempts): DocumentWithAttempts {
  return { document, attempts: attemptsMade.map((attempt) => ({ ...attempt, attemptedAt: new Date(attempt.attemptedAt) })) };
}
