import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../../config/app-config.js';
import { DocumentIntake, type IntakeRow, type StoredIdentity } from '../application/ports/document-intake.js';
import { takeTurnsNearBoundary, withinRetention } from '../../../../infrastructure/database/recent-rows.js';
import { queryPrepared } from '../../../../../libs/kernel/index.js';
import { column } from './sql-rows.js';
import { statusColumn } from './status-column.js';

/**
 * The ingest side of the ledger. One statement inserts each new document's record, its body and its place in the
 * delivery queue. A repeated id is recognised within EVENT_RETENTION: an index probe per partition it spans, and,
 * for two posts of one id at once, each partition's unique index on `id` (ON CONFLICT DO NOTHING).
 */
@Injectable()
export class IntakeStore implements DocumentIntake {
  constructor(private readonly config: AppConfig) {}

  async insertNew(tx: EntityManager, documents: readonly IntakeRow[], createdAt: Date): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    if (documents.some((document) => document.idGiven)) await takeTurnsNearBoundary(tx, createdAt, this.config.partitionIntervalMs);
    const rows = await queryPrepared<{ id: string }[]>(
      tx,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::boolean[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           WITH ORDINALITY AS t(id, id_given, client_id, hook_id, environment, kind, type, user_id, data, content_hash, trace_parent, position)),
       inserted AS (
         INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, trace_parent)
         SELECT id, $12, client_id, hook_id, environment, kind, type, user_id, content_hash, trace_parent FROM input
         WHERE NOT id_given OR NOT EXISTS (SELECT 1 FROM documents e WHERE e.id = input.id AND ${withinRetention('e.created_at', '$12', '$13')})
         ON CONFLICT DO NOTHING
         RETURNING id),
       bodies AS (INSERT INTO document_bodies (document_id, created_at, data) SELECT id, $12, data FROM input JOIN inserted USING (id))
       INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, due_at, trace_parent)
       SELECT id, $12, client_id, hook_id, environment, kind, type, user_id, $12, trace_parent FROM input JOIN inserted USING (id)
       ORDER BY position
       RETURNING document_id AS id`,
      [
        column(documents, (d) => d.id),
        column(documents, (d) => d.idGiven),
        column(documents, (d) => d.clientId),
        column(documents, (d) => d.hookId),
        column(documents, (d) => d.environment),
        column(documents, (d) => d.kind),
        column(documents, (d) => d.type),
        column(documents, (d) => d.userId),
        column(documents, (d) => d.data),
        column(documents, (d) => d.contentHash),
        column(documents, (d) => d.traceParent),
        createdAt,
        this.config.eventRetentionMs,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  async identities(executor: EntityManager, ids: readonly string[]): Promise<Map<string, StoredIdentity>> {
    if (ids.length === 0) return new Map();
    const rows = await queryPrepared<({ id: string } & StoredIdentity)[]>(
      executor,
      `SELECT id, client_id AS "clientId", content_hash AS "contentHash", ${statusColumn('d')} FROM documents d
       WHERE id = ANY($1::uuid[]) AND ${withinRetention('d.created_at', 'now()', '$2')}`,
      [ids, this.config.eventRetentionMs],
    );
    return new Map(rows.map(({ id, ...identity }) => [id, identity]));
  }
}
