import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageAlreadyHandled } from './errors.js';

/** Remembers which actor handled which message. */
@Injectable()
export class Inbox {
  constructor(private readonly dataSource: DataSource) {}

  async wasHandled(messageId: string, actor: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM inbox WHERE message_id = $1 AND actor = $2', [messageId, actor]);
    return rows.length > 0;
  }

  /** Inside the handler's transaction: claims the message, or throws when another delivery already did. */
  async claim(tx: EntityManager, messageId: string, actor: string): Promise<void> {
    const rows: unknown[] = await tx.query(
      'INSERT INTO inbox (message_id, actor) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
      [messageId, actor],
    );
    if (rows.length === 0) throw new MessageAlreadyHandled(messageId, actor);
  }

  async record(messageId: string, actor: string): Promise<void> {
    await this.dataSource.query('INSERT INTO inbox (message_id, actor) VALUES ($1, $2) ON CONFLICT DO NOTHING', [messageId, actor]);
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
