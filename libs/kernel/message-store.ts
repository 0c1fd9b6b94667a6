import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from './envelope.js';

export interface MessageToStore {
  envelope: EventEnvelope;
  actor: string;
  runAt: Date | null;
}

export interface ClaimedMessage {
  seq: string;
  envelope: EventEnvelope;
  /** 1 on the first try. */
  attempt: number;
}

const MAX_ERROR_LENGTH = 1000;

/** TypeORM answers an UPDATE or DELETE as [rows, count]. */
function modifiedRows<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}

/** The kernel_messages table: each step is one statement, guarded by the lease that claimed the row. */
@Injectable()
export class MessageStore {
  constructor(private readonly dataSource: DataSource) {}

  /** In the publisher's transaction; a message already stored for that actor is left alone. */
  async insert(tx: EntityManager, messages: readonly MessageToStore[]): Promise<void> {
    if (messages.length === 0) return;
    await tx.query(
      `INSERT INTO kernel_messages (event_id, actor, type, envelope, run_at)
       SELECT t.event_id, t.actor, t.type, t.envelope::json, COALESCE(t.run_at, now())
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(event_id, actor, type, envelope, run_at)
       ON CONFLICT (event_id, actor) DO NOTHING`,
      [
        messages.map((m) => m.envelope.id),
        messages.map((m) => m.actor),
        messages.map((m) => m.envelope.type),
        messages.map((m) => JSON.stringify(m.envelope)),
        messages.map((m) => m.runAt),
      ],
    );
  }

  /** Leases up to `limit` due messages of an actor, oldest first; other workers skip them meanwhile. */
  async claim(actor: string, limit: number, leaseMs: number, owner: string): Promise<ClaimedMessage[]> {
    const rows = modifiedRows<{ seq: string; envelope: EventEnvelope; attempts: number }>(
      await this.dataSource.query(
      `UPDATE kernel_messages m SET lease_until = now() + $3 * interval '1 millisecond', lease_owner = $4, attempts = m.attempts + 1
       FROM (SELECT seq FROM kernel_messages
             WHERE actor = $1 AND failed_at IS NULL AND run_at <= now() AND (lease_until IS NULL OR lease_until < now())
             ORDER BY run_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE m.seq = due.seq
       RETURNING m.seq, m.envelope, m.attempts`,
        [actor, limit, leaseMs, owner],
      ),
    );
    return rows.map(({ seq, envelope, attempts }) => ({ seq, envelope, attempt: attempts }));
  }

  /** Deletes handled messages still leased by `owner`; returns the seqs it deleted (a copy handled elsewhere is missing). */
  async complete(executor: EntityManager | DataSource, seqs: readonly string[], owner: string): Promise<Set<string>> {
    if (seqs.length === 0) return new Set();
    const rows = modifiedRows<{ seq: string }>(
      await executor.query('DELETE FROM kernel_messages WHERE seq = ANY($1::bigint[]) AND lease_owner = $2 RETURNING seq', [seqs, owner]),
    );
    return new Set(rows.map((row) => row.seq));
  }

  /** A failed attempt: the message waits until `runAt`, or stays for good as failed when `runAt` is null. */
  async fail(seq: string, owner: string, error: string, runAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE kernel_messages SET lease_until = NULL, lease_owner = NULL, last_error = $3,
         run_at = COALESCE($4, run_at), failed_at = CASE WHEN $4::timestamptz IS NULL THEN now() END
       WHERE seq = $1 AND lease_owner = $2`,
      [seq, owner, error.slice(0, MAX_ERROR_LENGTH), runAt],
    );
  }

  /** Per actor, how many messages are due for longer than the grace, or lost their lease. */
  async overdueByActor(graceMs: number): Promise<{ actor: string; count: number }[]> {
    const rows: { actor: string; count: string }[] = await this.dataSource.query(
      `SELECT actor, count(*) AS count FROM kernel_messages
       WHERE failed_at IS NULL AND ((lease_until IS NULL AND run_at < now() - $1 * interval '1 millisecond') OR lease_until < now())
       GROUP BY actor`,
      [graceMs],
    );
    return rows.map(({ actor, count }) => ({ actor, count: Number(count) }));
  }

  /** Forgets failed messages whose payload contains `payload` (JSON containment); returns how many. */
  async forgetFailed(payload: unknown): Promise<number> {
    const [, removed] = (await this.dataSource.query(`DELETE FROM kernel_messages WHERE failed_at IS NOT NULL AND (envelope::jsonb -> 'payload') @> $1::jsonb`, [
      JSON.stringify(payload),
    ])) as [unknown, number];
    return removed;
  }

  async pruneFailed(olderThanMs: number): Promise<number> {
    const [, removed] = (await this.dataSource.query(`DELETE FROM kernel_messages WHERE failed_at < now() - $1 * interval '1 millisecond'`, [
      olderThanMs,
    ])) as [unknown, number];
    return removed;
  }
}
