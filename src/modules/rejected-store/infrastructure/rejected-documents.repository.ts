import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import type { ListPosition } from '../domain/list-cursor.js';
import type { RejectedDocument } from '../domain/rejected-document.js';
import { RejectedDocumentRecord } from './rejected-document.entity.js';

export interface ListFilter {
  /** Null for an operator listing every client. */
  clientId: string | null;
  environment?: Environment;
  kind?: DocumentKind;
  after?: ListPosition;
  limit: number;
  now: Date;
}

/** `rejected_documents`: one row per document ever stored, kept after removal or expiry as its history. */
@Injectable()
export class RejectedDocuments {
  constructor(private readonly dataSource: DataSource) {}

  async find(documentId: string, clientId: string | null, manager: EntityManager = this.dataSource.manager): Promise<RejectedDocument | null> {
    const record = await manager.findOneBy(RejectedDocumentRecord, clientId === null ? { documentId } : { documentId, clientId });
    return record && toDocument(record);
  }

  /** False when the document was stored already. */
  async insert(tx: EntityManager, document: RejectedDocument): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO rejected_documents
         (document_id, client_id, environment, kind, type, user_id, bucket, key, attempts, stored_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (document_id) DO NOTHING RETURNING 1`,
      [
        document.documentId,
        document.clientId,
        document.environment,
        document.kind,
        document.type,
        document.userId,
        document.bucket,
        document.key,
        document.attempts,
        document.storedAt,
        document.expiresAt,
      ],
    );
    return rows.length > 0;
  }

  /** Documents waiting in the bucket, oldest first, after the given position. */
  async listWaiting(filter: ListFilter): Promise<RejectedDocument[]> {
    const query = this.waiting(filter.now).orderBy('r.stored_at', 'ASC').addOrderBy('r.document_id', 'ASC').limit(filter.limit);
    if (filter.clientId !== null) query.andWhere('r.client_id = :clientId', { clientId: filter.clientId });
    if (filter.environment) query.andWhere('r.environment = :environment', { environment: filter.environment });
    if (filter.kind) query.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.after) {
      query.andWhere('(r.stored_at, r.document_id) > (:storedAt, :documentId)', {
        storedAt: filter.after.storedAt,
        documentId: filter.after.documentId,
      });
    }
    return (await query.getMany()).map(toDocument);
  }

  /** Ids of a client's documents waiting in one environment's bucket, oldest first. */
  async waitingIds(clientId: string, environment: Environment, now: Date): Promise<string[]> {
    const rows = await this.waiting(now)
      .select('r.document_id', 'id')
      .andWhere('r.client_id = :clientId AND r.environment = :environment', { clientId, environment })
      .orderBy('r.stored_at', 'ASC')
      .addOrderBy('r.document_id', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Of the given ids, those of this client's documents waiting in that environment's bucket. */
  async waitingAmong(ids: readonly string[], clientId: string, environment: Environment, now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.waiting(now)
      .select('r.document_id', 'id')
      .andWhere('r.client_id = :clientId AND r.environment = :environment', { clientId, environment })
      .andWhere('r.document_id IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((row) => row.id));
  }

  /** After delivery: the row stays as history. False when it was removed or expired already. */
  async markRemoved(tx: EntityManager, documentId: string, removedAt: Date): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(RejectedDocumentRecord)
      .set({ removedAt })
      .where('document_id = :documentId AND removed_at IS NULL AND expired_at IS NULL', { documentId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Locks a batch of documents past their retention for this transaction. SKIP LOCKED lets sweeps
   * in several processes run at once: each takes rows no other holds, none waits or fails.
   */
  async claimDueForSweep(tx: EntityManager, now: Date, limit: number): Promise<RejectedDocument[]> {
    const records = await tx
      .createQueryBuilder(RejectedDocumentRecord, 'r')
      .where('r.expires_at <= :now AND r.expired_at IS NULL AND r.removed_at IS NULL', { now })
      .orderBy('r.expires_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return records.map(toDocument);
  }

  async markExpired(tx: EntityManager, documentIds: readonly string[], expiredAt: Date): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(RejectedDocumentRecord)
      .set({ expiredAt })
      .where('document_id IN (:...documentIds)', { documentIds })
      .execute();
  }

  private waiting(now: Date) {
    return this.dataSource.manager
      .createQueryBuilder(RejectedDocumentRecord, 'r')
      .where('r.removed_at IS NULL AND r.expired_at IS NULL AND r.expires_at > :now', { now });
  }
}

function toDocument(record: RejectedDocumentRecord): RejectedDocument {
  return {
    documentId: record.documentId,
    clientId: record.clientId,
    environment: record.environment as Environment,
    kind: record.kind as DocumentKind,
    type: record.type,
    userId: record.userId,
    bucket: record.bucket,
    key: record.key,
    attempts: record.attempts,
    storedAt: record.storedAt,
    expiresAt: record.expiresAt,
    expiredAt: record.expiredAt,
    removedAt: record.removedAt,
  };
}
