import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { scrapeQuery } from '../../../../libs/metrics/index.js';
import type { Environment } from '../../../domain/environment.js';
import type { UserRef } from '../../../domain/ports/document-erasure.js';
import type { KeptDocument, RejectedRecord } from '../../../domain/ports/rejected-bucket.js';
import type { ItemSelection } from '../../../infrastructure/jobs/bulk-job.js';
import { RejectedRecords } from '../application/ports/rejected-records.js';
import type { ArchivedQuery, RejectedDocument, WaitingQuery } from '../domain/kept-document.js';

const COLUMNS = `document_id AS "documentId", client_id AS "clientId", hook_id AS "hookId", environment, kind, type, user_id AS "userId",
  document_created_at AS "createdAt", bucket, key, attempts, stored_at AS "storedAt", expires_at AS "expiresAt"`;

/** In the bucket now: neither delivered since (its row would be gone), nor past its retention, nor taken by an erasure. */
const WAITING = `expired_at IS NULL AND expires_at > now()`;
/** Past its retention in the rejected bucket, kept in the archive. */
const ARCHIVED = `archived`;

/**
 * `rejected_documents`: one row per document whose object RejectedStore keeps. Every list, sweep and restore reads
 * it through a partial index that holds only the rows in that state, so each costs what it finds, never the history.
 */
@Injectable()
export class RejectedDocumentRows implements RejectedRecords {
  constructor(private readonly dataSource: DataSource) {}

  async keep(tx: EntityManager, documents: readonly KeptDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const column = <T>(pick: (document: KeptDocument) => T) => documents.map(pick);
    await tx.query(
      `INSERT INTO rejected_documents (document_id, document_created_at, client_id, hook_id, environment, kind, type, user_id, attempts, bucket, key,
         stored_at, first_stored_at, expires_at)
       SELECT document_id, document_created_at, client_id, hook_id, environment, kind, type, user_id, attempts, bucket, key, stored_at, stored_at, expires_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[],
         $12::timestamptz[], $13::timestamptz[]) AS t(document_id, document_created_at, client_id, hook_id, environment, kind, type, user_id, attempts, bucket, key,
         stored_at, expires_at)
       ON CONFLICT (document_id) DO NOTHING`,
      [
        column((d) => d.documentId),
        column((d) => d.createdAt),
        column((d) => d.clientId),
        column((d) => d.hookId),
        column((d) => d.environment),
        column((d) => d.kind),
        column((d) => d.type),
        column((d) => d.userId),
        column((d) => d.attempts),
        column((d) => d.object.bucket),
        column((d) => d.object.key),
        column((d) => d.object.storedAt),
        column((d) => d.object.expiresAt),
      ],
    );
  }

  async whereabouts(documentIds: readonly string[]): Promise<Map<string, RejectedRecord>> {
    const rows: RejectedRecord[] = await this.dataSource.query(
      `SELECT document_id AS "documentId", bucket, key, stored_at AS "storedAt", expires_at AS "expiresAt", expired_at AS "expiredAt", archived
       FROM rejected_documents WHERE document_id = ANY($1::uuid[]) AND NOT withheld`,
      [documentIds],
    );
    return new Map(rows.map((row) => [row.documentId, row]));
  }

  async waiting(query: WaitingQuery): Promise<RejectedDocument[]> {
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = [WAITING];
    if (query.clientId !== null) where.push(`client_id = ${param(query.clientId)}::uuid`);
    if (query.environment) where.push(`environment = ${param(query.environment)}`);
    if (query.kind) where.push(`kind = ${param(query.kind)}`);
    if (query.storedBy) where.push(`stored_at <= ${param(query.storedBy)}::timestamptz`);
    if (query.after) where.push(`(stored_at, document_id) > (${param(query.after.storedAt)}::timestamptz, ${param(query.after.documentId)}::uuid)`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM rejected_documents WHERE ${where.join(' AND ')} ORDER BY stored_at, document_id LIMIT ${param(query.limit)}`, params);
  }

  async findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null> {
    const rows: RejectedDocument[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM rejected_documents WHERE document_id = $1 AND ($2::uuid IS NULL OR client_id = $2::uuid) AND ${WAITING}`,
      [documentId, clientId],
    );
    return rows[0] ?? null;
  }

  async notWaiting(documentIds: readonly string[], clientId: string, environment: Environment): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM unnest($1::uuid[]) AS asked(id)
       WHERE NOT EXISTS (SELECT 1 FROM rejected_documents r WHERE r.document_id = asked.id AND r.client_id = $2 AND r.environment = $3 AND ${WAITING})`,
      [documentIds, clientId, environment],
    );
    return rows.map((row) => row.id);
  }

  resendSelection(clientId: string, environment: Environment, documentIds?: readonly string[]): ItemSelection {
    return {
      sql: `SELECT document_id, document_created_at, NULL::text AS key FROM rejected_documents
            WHERE client_id = $1 AND environment = $2 AND ${WAITING} ${documentIds ? 'AND document_id = ANY($3::uuid[])' : ''} ORDER BY stored_at, document_id`,
      params: documentIds ? [clientId, environment, documentIds] : [clientId, environment],
    };
  }

  restoreSelection(query: Omit<ArchivedQuery, 'afterId' | 'limit'>): ItemSelection {
    const { where, params } = archivedFilter(query);
    return { sql: `SELECT document_id, document_created_at, key FROM rejected_documents WHERE ${where.join(' AND ')} ORDER BY document_id`, params };
  }

  async countWaiting(): Promise<{ environment: Environment; count: number }[]> {
    const rows = await scrapeQuery<{ environment: Environment; count: string }>(this.dataSource, `SELECT environment, count(*) AS count FROM rejected_documents WHERE ${WAITING} GROUP BY 1`);
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async countAttempt(documentId: string): Promise<void> {
    await this.dataSource.query('UPDATE rejected_documents SET attempts = attempts + 1 WHERE document_id = $1', [documentId]);
  }

  async forgetDelivered(documentIds: readonly string[]): Promise<void> {
    if (documentIds.length > 0) await this.dataSource.query('DELETE FROM rejected_documents WHERE document_id = ANY($1::uuid[]) AND NOT withheld', [documentIds]);
  }

  async pastRetention(limit: number): Promise<RejectedDocument[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM rejected_documents WHERE expired_at IS NULL AND expires_at <= now() ORDER BY expires_at LIMIT $1`, [limit]);
  }

  async markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const [rows] = (await this.dataSource.query(
      `UPDATE rejected_documents SET expired_at = now(), archived = $2 WHERE document_id = ANY($1::uuid[]) AND expired_at IS NULL AND expires_at <= now()
       RETURNING document_id AS "documentId"`,
      [documentIds, archived],
    )) as [{ documentId: string }[], number];
    return rows.map((row) => row.documentId);
  }

  /** By id; `first stored` is the first time the document went to the rejected bucket, whatever restores followed. */
  async archived(query: ArchivedQuery): Promise<RejectedDocument[]> {
    const { where, params } = archivedFilter(query);
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (query.afterId) where.push(`document_id > ${param(query.afterId)}::uuid`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM rejected_documents WHERE ${where.join(' AND ')} ORDER BY document_id LIMIT ${param(query.limit)}`, params);
  }

  async pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM rejected_documents WHERE ${ARCHIVED} AND expired_at <= now() - $1 * interval '1 millisecond' ORDER BY expired_at LIMIT $2`,
      [retentionMs, limit],
    );
  }

  async markArchiveDeleted(documentIds: readonly string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const [rows] = (await this.dataSource.query(
      `UPDATE rejected_documents SET archived = false WHERE document_id = ANY($1::uuid[]) AND ${ARCHIVED} RETURNING document_id AS "documentId"`,
      [documentIds],
    )) as [{ documentId: string }[], number];
    return rows.map((row) => row.documentId);
  }

  async restore(tx: EntityManager, documentId: string, storedAt: Date, expiresAt: Date): Promise<RejectedDocument | null> {
    const [rows] = (await tx.query(
      `UPDATE rejected_documents SET stored_at = $2, expires_at = $3, expired_at = NULL, archived = false
       WHERE document_id = $1 AND ${ARCHIVED} RETURNING ${COLUMNS}`,
      [documentId, storedAt, expiresAt],
    )) as [RejectedDocument[], number];
    return rows[0] ?? null;
  }

  async storedKey(documentId: string): Promise<string | null> {
    const rows: { key: string }[] = await this.dataSource.query(`SELECT key FROM rejected_documents WHERE document_id = $1 AND expired_at IS NULL`, [documentId]);
    return rows[0]?.key ?? null;
  }

  async forgetGone(eventRetentionMs: number, limit: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM rejected_documents WHERE document_id IN (
         SELECT document_id FROM rejected_documents
         WHERE expired_at IS NOT NULL AND NOT archived AND NOT withheld AND document_created_at <= now() - $1 * interval '1 millisecond' LIMIT $2)`,
      [eventRetentionMs, limit],
    )) as [unknown, number];
    return count;
  }

  async withhold(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<number> {
    const [, count] = (await tx.query(
      `UPDATE rejected_documents SET withheld = true, expired_at = COALESCE(expired_at, now()), archived = false
       WHERE document_id IN (
         SELECT document_id FROM rejected_documents WHERE client_id = $1 AND user_id = $2 AND document_created_at <= $3 AND NOT withheld LIMIT $4 FOR UPDATE)`,
      [user.clientId, user.userId, receivedBy, limit],
    )) as [unknown, number];
    return count;
  }

  async withheld(user: UserRef, afterId: string | null, limit: number): Promise<RejectedDocument[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM rejected_documents WHERE client_id = $1 AND user_id = $2 AND withheld AND ($3::uuid IS NULL OR document_id > $3::uuid)
       ORDER BY document_id LIMIT $4`,
      [user.clientId, user.userId, afterId, limit],
    );
  }

  async forget(documentIds: readonly string[]): Promise<void> {
    if (documentIds.length > 0) await this.dataSource.query('DELETE FROM rejected_documents WHERE document_id = ANY($1::uuid[])', [documentIds]);
  }
}

/** Archived documents of a client and environment, some of them, or first stored within a span. */
function archivedFilter(query: Omit<ArchivedQuery, 'afterId' | 'limit'>): { where: string[]; params: unknown[] } {
  const params: unknown[] = [query.clientId, query.environment];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const where = [ARCHIVED, 'client_id = $1::uuid', 'environment = $2'];
  if (query.documentIds) where.push(`document_id = ANY(${param(query.documentIds)}::uuid[])`);
  if (query.firstStoredFrom) where.push(`first_stored_at >= ${param(query.firstStoredFrom)}::timestamptz`);
  if (query.firstStoredTo) where.push(`first_stored_at <= ${param(query.firstStoredTo)}::timestamptz`);
  return { where, params };
}
