import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentIntake, type IntakeRow, type StoredIdentity } from '../application/ports/document-intake.js';

/** The ingest side of the documents table: new rows, due for their first attempt at once. */
@Injectable()
export class IntakeStore implements DocumentIntake {
  /** Inserts the documents not seen before, in the order given (their ingest order); returns their ids. */
  async insertNew(tx: EntityManager, documents: readonly IntakeRow[], createdAt: Date): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO documents (id, client_id, hook_id, environment, kind, type, user_id, data, content_hash, created_at, next_attempt_at)
       SELECT t.id, t.client_id, t.hook_id, t.environment, t.kind, t.type, t.user_id, t.data, t.content_hash, $10, $10
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS t(id, client_id, hook_id, environment, kind, type, user_id, data, content_hash, position)
       ORDER BY t.position
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        documents.map((d) => d.id),
        documents.map((d) => d.clientId),
        documents.map((d) => d.hookId),
        documents.map((d) => d.environment),
        documents.map((d) => d.kind),
        documents.map((d) => d.type),
        documents.map((d) => d.userId),
        documents.map((d) => d.data),
        documents.map((d) => d.contentHash),
        createdAt,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  async identities(executor: EntityManager, ids: readonly string[]): Promise<Map<string, StoredIdentity>> {
    if (ids.length === 0) return new Map();
    const rows: ({ id: string } & StoredIdentity)[] = await executor.query(
      'SELECT id, client_id AS "clientId", content_hash AS "contentHash", status FROM documents WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map(({ id, ...identity }) => [id, identity]));
  }
}
