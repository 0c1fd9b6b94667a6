import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from './envelope.js';
import { isFree, Leases, type Lease, type LeasedTable } from './leases.js';
import { modifiedRows } from './modified-rows.js';
import { queryPrepared } from './prepared-statements.js';

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

/** The mailboxes as leased rows; a handler's lease lasts `leaseMs` and is renewed while it runs. */
function mailboxTable(leaseMs: number | undefined): LeasedTable {
  return { table: 'kernel_messages', key: 'seq', leaseMs };
}

/** The kernel_messages table: each step is one statement, guarded by the lease that claimed the row. */
@Injectable()
export class MessageStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: Leases,
  ) {}

  /** In the publisher's transaction; a message already stored for that actor is left alone. */
  async insert(tx: EntityManager, messages: readonly MessageToStore[]): Promise<void> {
    if (messages.length === 0) return;
    const { sql, params } = this.insertClause(messages, 1, 'true');
    await queryPrepared(tx, sql, params);
  }

  /** The INSERT of `insert`, usable in a WITH clause: parameters numbered from `first`, nothing stored unless `when` holds. */
  insertClause(messages: readonly MessageToStore[], first: number, when: string): { sql: string; params: unknown[] } {
    const [ids, actors, types, envelopes, runAts] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
    return {
      sql: `INSERT INTO kernel_messages (event_id, actor, type, envelope, run_at)
       SELECT t.event_id, t.actor, t.type, t.envelope::json, COALESCE(t.run_at, now())
       FROM unnest(${ids}::uuid[], ${actors}::text[], ${types}::text[], ${envelopes}::text[], ${runAts}::timestamptz[]) AS t(event_id, actor, type, envelope, run_at)
       WHERE ${when}
       ON CONFLICT (event_id, actor) DO NOTHING`,
      params: [
        messages.map((m) => m.envelope.id),
        messages.map((m) => m.actor),
        messages.map((m) => m.envelope.type),
        messages.map((m) => JSON.stringify(m.envelope)),
        messages.map((m) => m.runAt),
      ],
    };
  }

  /** Leases up to `limit` due messages of an actor, oldest first; other workers skip them meanwhile. */
  async claim(actor: string, limit: number, leaseMs?: number): Promise<{ lease: Lease; messages: ClaimedMessage[] }> {
    const { lease, rows } = await this.leases.claim<{ seq: string; envelope: EventEnvelope; attempts: number }>(mailboxTable(leaseMs), {
      pick: (p) => `SELECT seq FROM kernel_messages m WHERE actor = ${p(actor)} AND failed_at IS NULL AND run_at <= now() AND ${isFree('m')} ORDER BY run_at, seq`,
      limit,
      set: () => 'attempts = t.attempts + 1',
    });
    return { lease, messages: rows.map(({ seq, envelope, attempts }) => ({ seq, envelope, attempt: attempts })) };
  }

  /** Deletes handled messages still leased by `owner`; returns the seqs it deleted (a copy handled elsewhere is missing). */
  async complete(executor: EntityManager | DataSource, seqs: readonly string[], owner: string): Promise<Set<string>> {
    if (seqs.length === 0) return new Set();
    const rows = modifiedRows<{ seq: string }>(
      await queryPrepared(executor, 'DELETE FROM kernel_messages WHERE seq = ANY($1::bigint[]) AND lease_owner = $2 RETURNING seq', [seqs, owner]),
    );
    return new Set(rows.map((row) => row.seq));
  }

  /** Not handled yet, and not charged an attempt: the message waits until `runAt`. */
  async postpone(seq: string, owner: string, runAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE kernel_messages SET lease_until = NULL, lease_owner = NULL, run_at = $3, attempts = greatest(attempts - 1, 0) WHERE seq = $1 AND lease_owner = $2`,
      [seq, owner, runAt],
    );
  }

  /** A failed attempt with attempts left: the message waits until `runAt`, then is handled again. */
  retryLater(seq: string, owner: string, error: string, runAt: Date): Promise<void> {
    return this.release(seq, owner, error, runAt);
  }

  /** A failed last attempt: the message stays for good, marked failed, for a look until pruneFailed. */
  giveUp(seq: string, owner: string, error: string): Promise<void> {
    return this.release(seq, owner, error, null);
  }

  private async release(seq: string, owner: string, error: string, runAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE kernel_messages SET lease_until = NULL, lease_owner = NULL, last_error = $3,
         run_at = COALESCE($4, run_at), failed_at = CASE WHEN $4::timestamptz IS NULL THEN now() END
       WHERE seq = $1 AND lease_owner = $2`,
      [seq, owner, error.slice(0, MAX_ERROR_LENGTH), runAt],
    );
  }

  /**
   * How many of an actor's messages are due for longer than the grace or lost their lease, counted up to `limit`:
   * through the due index, from the oldest, so delayed messages are never read.
   */
  async overdue(actor: string, graceMs: number, limit: number): Promise<number> {
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM (
         SELECT 1 FROM kernel_messages
         WHERE actor = $1 AND failed_at IS NULL AND run_at <= now()
           AND (lease_until < now() OR (lease_until IS NULL AND run_at < now() - $2 * interval '1 millisecond'))
         LIMIT $3) overdue`,
      [actor, graceMs, limit],
    );
    return Number(count);
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
