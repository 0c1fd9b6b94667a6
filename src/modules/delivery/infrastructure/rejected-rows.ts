import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scrapeQuery } from '../../../../libs/metrics/index.js';
import type { Environment } from '../../../domain/environment.js';
import type { RejectedDocument, WaitingQuery } from '../../../domain/ports/rejected-ledger.js';
import { RejectedRecords } from '../application/ports/rejected-records.js';

export const REJECTED_COLUMNS = `id AS "documentId", client_id AS "clientId", environment, kind, type, user_id AS "userId",
  rejected_bucket AS bucket, rejected_key AS key, attempts, stored_at AS "storedAt", expires_at AS "expiresAt"`;

/** In the bucket now: stored, neither delivered since (it would be Success) nor past its retention. */
const WAITING = `status = 'Failed' AND expired_at IS NULL AND expires_at > now()`;

/** The documents table as the rejected buckets' record: what waits there, what outlived its retention. */
@Injectable()
export class RejectedRows implements RejectedRecords {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first, keyset-paginated on (stored_at, id). */
  async waiting(query: WaitingQuery): Promise<RejectedDocument[]> {
    const { where, param, params } = waitingFilter(query);
    if (query.after) where.push(`(stored_at, id) > (${param(query.after.storedAt)}::timestamptz, ${param(query.after.documentId)}::uuid)`);
    return this.dataSource.query(`SELECT ${REJECTED_COLUMNS} FROM documents WHERE ${where.join(' AND ')} ORDER BY stored_at, id LIMIT ${param(query.limit)}`, params);
  }

  async countWaiting(query: Omit<WaitingQuery, 'after' | 'limit'>): Promise<number> {
    const { where, params } = waitingFilter(query);
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) AS count FROM documents WHERE ${where.join(' AND ')}`, params);
    return Number(count);
  }

  /** For the metrics: an index-only scan of documents_retention, so it costs what waits, never the delivered history. */
  async waitingByEnvironment(): Promise<{ environment: Environment; count: number }[]> {
    const rows = await scrapeQuery<{ environment: Environment; count: string }>(this.dataSource, `SELECT environment, count(*) AS count FROM documents WHERE ${WAITING} GROUP BY 1`);
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null> {
    const rows: RejectedDocument[] = await this.dataSource.query(
      `SELECT ${REJECTED_COLUMNS} FROM documents WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid) AND ${WAITING}`,
      [documentId, clientId],
    );
    return rows[0] ?? null;
  }

  async pastRetention(limit: number): Promise<RejectedDocument[]> {
    return this.dataSource.query(
      `SELECT ${REJECTED_COLUMNS} FROM documents WHERE status = 'Failed' AND expired_at IS NULL AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
  }

  async markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const [rows] = (await this.dataSource.query(
      `UPDATE documents SET expired_at = now(), archived = $2 WHERE id = ANY($1::uuid[]) AND status = 'Failed' AND expired_at IS NULL AND expires_at <= now() RETURNING id`,
      [documentIds, archived],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }
}

function waitingFilter(query: Omit<WaitingQuery, 'after' | 'limit'>) {
  const where = [WAITING];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.clientId !== null) where.push(`client_id = ${param(query.clientId)}::uuid`);
  if (query.environment) where.push(`environment = ${param(query.environment)}`);
  if (query.kind) where.push(`kind = ${param(query.kind)}`);
  if (query.storedBy) where.push(`stored_at <= ${param(query.storedBy)}::timestamptz`);
  return { where, param, params };
}
