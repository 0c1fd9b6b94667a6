import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../../config/app-config.js';
import type { Environment } from '../../../../domain/environment.js';
import type { ItemSelection } from '../../../../infrastructure/jobs/bulk-job.js';
import { DocumentLookup, type DocumentWithAttempts, type EventsFilter } from '../application/ports/document-lookup.js';
import type { ReplayRange } from '../domain/replay.js';
import type { AttemptRecord, StoredDocument } from '../domain/ledger-document.js';
import { withinRetention } from '../../../../infrastructure/database/recent-rows.js';
import { statusColumn, statusValue } from './status-column.js';

/** A document's record, and while it is Pending its place in the queue (where its latest counts are). Never its body. */
const DOCUMENT_COLUMNS = `d.id, d.client_id AS "clientId", d.hook_id AS "hookId", d.environment, d.kind, d.type, d.user_id AS "userId", ${statusColumn('d')},
  d.created_at AS "createdAt", COALESCE(q.attempts, d.attempts) AS attempts, COALESCE(q.last_attempted_at, d.last_attempted_at) AS "lastAttemptedAt",
  q.due_at AS "dueAt", q.exhausted_reason AS "exhaustedReason", d.trace_parent AS "traceParent",
  (SELECT b.purged_at FROM document_bodies b WHERE b.document_id = d.id AND b.created_at = d.created_at) AS "bodyPurgedAt"`;

/** A document's attempts, read in the same statement (one snapshot): a view never mixes before and after an attempt. */
const ATTEMPTS_OF_DOCUMENT = `COALESCE((
  SELECT json_agg(json_build_object('deliveryId', a.delivery_id, 'documentId', a.document_id, 'attempt', a.attempt,
    'scheduledAttempt', a.scheduled_attempt, 'trigger', a.trigger, 'hookId', a.hook_id, 'attemptedAt', a.attempted_at,
    'responseStatus', a.response_status, 'responseDurationMs', a.response_duration_ms, 'error', a.error, 'accepted', a.accepted) ORDER BY a.attempt)
  FROM delivery_attempts a WHERE a.document_id = d.id AND a.document_created_at = d.created_at), '[]') AS "attemptsMade"`;

/** A document being erased is as unknown as one never received. */
const SHOWN = `d.status <> 'Erased'`;

type RowWithAttempts = StoredDocument & { attemptsMade: (Omit<AttemptRecord, 'attemptedAt' | 'documentCreatedAt'> & { attemptedAt: string })[] };

/**
 * The events API's reads. Every one is bounded to EVENT_RETENTION, which prunes the partitions outside it, and
 * scoped to a client unless an operator asks. A status picks the index that holds it: Pending documents are
 * the queue's, Stored ones those ever stored.
 */
@Injectable()
export class EventQueries implements DocumentLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async find(id: string, clientId: string | null): Promise<StoredDocument | null> {
    const rows: StoredDocument[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d LEFT JOIN delivery_queue q ON q.document_id = d.id
       WHERE d.id = $1 AND ($2::uuid IS NULL OR d.client_id = $2::uuid) AND ${SHOWN} AND ${withinRetention('d.created_at', 'now()', '$3')}`,
      [id, clientId, this.config.eventRetentionMs],
    );
    return rows[0] ?? null;
  }

  async body(document: Pick<StoredDocument, 'id' | 'createdAt'>): Promise<string | null> {
    const rows: { data: string | null }[] = await this.dataSource.query('SELECT data FROM document_bodies WHERE document_id = $1 AND created_at = $2', [
      document.id,
      document.createdAt,
    ]);
    return rows[0]?.data ?? null;
  }

  async findWithAttempts(id: string, clientId: string | null): Promise<DocumentWithAttempts | null> {
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents d LEFT JOIN delivery_queue q ON q.document_id = d.id
       WHERE d.id = $1 AND ($2::uuid IS NULL OR d.client_id = $2::uuid) AND ${SHOWN} AND ${withinRetention('d.created_at', 'now()', '$3')}`,
      [id, clientId, this.config.eventRetentionMs],
    );
    return rows[0] ? withAttempts(rows[0]) : null;
  }

  /** Newest first, keyset-paginated on (created_at, id) so pages stay stable while documents arrive. */
  async list(filter: EventsFilter): Promise<DocumentWithAttempts[]> {
    // The queue holds what is Pending, with an index per client far smaller than the documents'.
    if (filter.status === 'Pending' && filter.clientId !== null) return this.listQueued({ ...filter, clientId: filter.clientId });
    const params: unknown[] = [this.config.eventRetentionMs];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const conditions = [SHOWN, withinRetention('d.created_at', 'now()', '$1')];
    // A client's page is read from its own index, (client_id, created_at, id), in that order: asked with `=`, the planner
    // may walk the newest documents of every client instead and filter, which costs as much as everyone's recent traffic.
    if (filter.clientId !== null) conditions.push(`d.client_id = ANY(ARRAY[${param(filter.clientId)}::uuid])`);
    if (filter.environment) conditions.push(`d.environment = ${param(filter.environment)}`);
    // Stored ones are those ever stored (a partial index) still Stored.
    if (filter.status === 'Stored') conditions.push(`d.stored AND d.status = ${statusValue('Stored')}`);
    else if (filter.status) conditions.push(`d.status = ${statusValue(filter.status)}`);
    if (filter.after) conditions.push(`(d.created_at, d.id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT} FROM documents d LEFT JOIN delivery_queue q ON q.document_id = d.id
       WHERE ${conditions.join(' AND ')} ORDER BY ${filter.clientId !== null ? 'd.client_id DESC, ' : ''}d.created_at DESC, d.id DESC LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map(withAttempts);
  }

  /** Read through the client's index, (client_id, created_at, id), in creation order; the range prunes the partitions outside it. */
  deliveredSelection(clientId: string, environment: Environment, range: ReplayRange, limit: number): ItemSelection {
    return {
      sql: `SELECT d.id AS document_id, d.created_at AS document_created_at, NULL::text AS key FROM documents d
            WHERE d.client_id = $1 AND d.created_at >= $2 AND d.created_at < $3 AND d.environment = $4 AND d.status = 'Success'
            ORDER BY d.created_at, d.id LIMIT $5`,
      params: [clientId, range.from, range.to, environment, limit],
    };
  }

  /** A page of a client's Pending documents, taken from the queue first, then joined to their records. */
  private async listQueued(filter: EventsFilter & { clientId: string }): Promise<DocumentWithAttempts[]> {
    const params: unknown[] = [filter.clientId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const conditions = ['p.client_id = $1::uuid'];
    if (filter.environment) conditions.push(`p.environment = ${param(filter.environment)}`);
    if (filter.after) conditions.push(`(p.created_at, p.document_id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    const rows: RowWithAttempts[] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS}, ${ATTEMPTS_OF_DOCUMENT}
       FROM (SELECT document_id, created_at FROM delivery_queue p WHERE ${conditions.join(' AND ')} ORDER BY p.created_at DESC, p.document_id DESC LIMIT ${param(filter.limit)}) page
       JOIN delivery_queue q ON q.document_id = page.document_id
       CROSS JOIN LATERAL (SELECT * FROM documents e WHERE e.id = page.document_id AND e.created_at = page.created_at AND e.status <> 'Erased') d
       ORDER BY page.created_at DESC, page.document_id DESC`,
      params,
    );
    return rows.map(withAttempts);
  }
}

function withAttempts({ attemptsMade, ...document }: RowWithAttempts): DocumentWithAttempts {
  return {
    document,
    attempts: attemptsMade.map((attempt) => ({ ...attempt, documentCreatedAt: document.createdAt, attemptedAt: new Date(attempt.attemptedAt) })),
  };
}
