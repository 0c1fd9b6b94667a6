import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ArchivedQuery } from '../../../domain/ports/archive-ledger.js';
import type { RejectedDocument } from '../../../domain/ports/rejected-ledger.js';
import { ArchiveRecords } from '../application/ports/archive-records.js';
import type { StoredDocument } from '../domain/ledger-document.js';
import { DOCUMENT_COLUMNS } from './event-queries.js';
import { REJECTED_COLUMNS } from './rejected-rows.js';
import { modifiedRows } from './sql-rows.js';

/** Past its retention in the rejected bucket, kept in the archive. */
const ARCHIVED = `status = 'Failed' AND archived`;

/** The documents table as the archive's record: what it keeps, since when, and restores. */
@Injectable()
export class ArchiveRows implements ArchiveRecords {
  constructor(private readonly dataSource: DataSource) {}

  /** By id; `first stored` is the first time the document went to the rejected bucket, whatever restores followed. */
  async archived(query: ArchivedQuery): Promise<RejectedDocument[]> {
    const params: unknown[] = [query.clientId, query.environment];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = [ARCHIVED, 'client_id = $1::uuid', 'environment = $2'];
    if (query.documentIds) where.push(`id = ANY(${param(query.documentIds)}::uuid[])`);
    if (query.firstStoredFrom) where.push(`COALESCE(first_stored_at, stored_at) >= ${param(query.firstStoredFrom)}::timestamptz`);
    if (query.firstStoredTo) where.push(`COALESCE(first_stored_at, stored_at) <= ${param(query.firstStoredTo)}::timestamptz`);
    if (query.afterId) where.push(`id > ${param(query.afterId)}::uuid`);
    return this.dataSource.query(`SELECT ${REJECTED_COLUMNS} FROM documents WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${param(query.limit)}`, params);
  }

  async pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]> {
    return this.dataSource.query(
      `SELECT ${REJECTED_COLUMNS} FROM documents WHERE ${ARCHIVED} AND expired_at <= now() - $1 * interval '1 millisecond' ORDER BY expired_at LIMIT $2`,
      [retentionMs, limit],
    );
  }

  async markArchiveDeleted(documentIds: readonly string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const rows = modifiedRows<{ id: string }>(
      await this.dataSource.query(`UPDATE documents SET archived = false WHERE id = ANY($1::uuid[]) AND ${ARCHIVED} RETURNING id`, [documentIds]),
    );
    return rows.map((row) => row.id);
  }

  /** Waiting again in the rejected bucket, if it is still archived (not erased, not deleted from the archive meanwhile). */
  async restore(tx: EntityManager, documentId: string, storedAt: Date, expiresAt: Date): Promise<StoredDocument | null> {
    const rows = modifiedRows<StoredDocument>(
      await tx.query(
        `UPDATE documents SET first_stored_at = COALESCE(first_stored_at, stored_at), stored_at = $2, expires_at = $3, expired_at = NULL, archived = false
         WHERE id = $1 AND ${ARCHIVED} RETURNING ${DOCUMENT_COLUMNS}`,
        [documentId, storedAt, expiresAt],
      ),
    );
    return rows[0] ?? null;
  }

  async storedKey(documentId: string): Promise<string | null> {
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT rejected_key AS key FROM documents WHERE id = $1 AND status = 'Failed' AND expired_at IS NULL`,
      [documentId],
    );
    return rows[0]?.key ?? null;
  }
}
