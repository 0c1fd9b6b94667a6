import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageAlreadyHandled } from './errors.js';

/** Remembers which actor handled which message. */
@Injectable()
export class Inbox {
  constructor(private readonly dataSource: DataSource) {}

  async wasHandled(messageId: string, actor: string): Promise<boolean> {
    return (await this.handledAmong([messageId], actor)).size > 0;
  }

  /** Which of these messages the actor already handled. */
  async handledAmong(messageIds: readonly string[], actor: string): Promise<Set<string>> {
    const rows: { message_id: string }[] = await this.dataSource.query(
      'SELECT message_id FROM inbox WHERE actor = $1 AND message_id = ANY($2::uuid[])',
      [actor, messageIds],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /** Inside the handler's transaction: claims the message, or throws when another delivery already did. */
  async claim(tx: EntityManager, messageId: string, actor: string): Promise<void> {
    const rows: unknown[] = await tx.query(
      'INSERT INTO inbox (message_id, actor) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
      [messageId, actor],
    );
    if (rows.length === 0) throw new MessageAlreadyHandled(messageId, actor);
  }

  /** Inside a batch's transaction: claims the messages, returning those no other delivery claimed first. */
  async claimAll(tx: EntityManager, messageIds: readonly string[], actor: string): Promise<Set<string>> {
    const rows: { message_id: string }[] = await tx.query(
      'INSERT INTO inbox (message_id, actor) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING message_id',
      [messageIds, actor],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  async record(messageIds: readonly string[], actor: string): Promise<void> {
    if (messageIds.length === 0) return;
    await this.dataSource.query(
      'INSERT INTO inbox (message_id, actor) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING',
      [messageIds, actor],
    );
  }

  /** Forgets old entries; a message older than this is never redelivered by the relay. */
  async prune(olderThanMs: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM inbox WHERE handled_at < now() - ($1::bigint * interval '1 millisecond')`,
      [olderThanMs],
    );
    return result[1];
  }
}
