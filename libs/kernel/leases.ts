import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, type EntityManager } from 'typeorm';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { queryPrepared } from './prepared-statements.js';

/** Names this process in lease tokens, so a stuck lease says whose it was. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** A table whose rows are pending work: each has `lease_until` and `lease_owner` columns and a key. */
export interface LeasedTable {
  table: string;
  key: string;
  /** How long a claim holds a row unrenewed (default: the kernel's `leaseMs`); renewed every third of it while the work runs. */
  leaseMs?: number;
}

/** A free row: nobody holds it, or its holder's lease ran out (that worker is gone). */
export function isFree(alias: string): string {
  return `(${alias}.lease_until IS NULL OR ${alias}.lease_until < now())`;
}

/** Builds SQL with numbered parameters: `p(value)` adds one and answers its placeholder. */
export type Parameters = (value: unknown) => string;

export interface ClaimQuery {
  /** The candidate rows' keys, due and free (`isFree`), in the order to take them; without LIMIT or locking. */
  pick: (p: Parameters) => string;
  limit: number;
  /** More assignments made as the rows are claimed (`attempts = t.attempts + 1`); `t` is the table. */
  set?: (p: Parameters) => string;
  /** What the claim answers; `leased` names the claimed rows (all columns). Default: all of them. */
  select?: (leased: string, p: Parameters) => string;
  /** The key of an answered row, when `select` names it otherwise than the table does. */
  keyOf?: (row: never) => unknown;
}

/** Raised into the work when its lease is lost: another worker holds the rows now, or they are gone. */
export class LeaseLost extends Error {
  constructor(table: string) {
    super(`the lease on rows of ${table} was lost: another worker holds them, or they are gone`);
  }
}

/** Rows claimed by one worker for one step of work, under one owner token. */
export class Lease {
  readonly owner = `${WORKER_NAME}:${randomUUID()}`;
  private readonly whole = new AbortController();
  private readonly perKey = new Map<string, AbortController>();

  constructor(
    readonly table: LeasedTable,
    /** How long the claim holds its rows unrenewed. */
    readonly leaseMs: number,
  ) {}

  /** The rows the claim took. */
  took(keys: readonly unknown[]): void {
    for (const key of keys) this.perKey.set(String(key), new AbortController());
  }

  /** Aborted once every row of the lease is lost. */
  get signal(): AbortSignal {
    return this.whole.signal;
  }

  /** Aborted once this row is lost: its work stops at once. */
  signalOf(key: string): AbortSignal {
    return this.perKey.get(String(key))?.signal ?? this.whole.signal;
  }

  holds(key: string): boolean {
    return this.perKey.has(String(key));
  }

  /** A renewal found only these rows still held: the work on the others stops. */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const [key, controller] of this.perKey) {
      if (keys.has(key)) continue;
      controller.abort(new LeaseLost(this.table.table));
      this.perKey.delete(key);
    }
    if (this.perKey.size === 0) this.whole.abort(new LeaseLost(this.table.table));
  }
}

/**
 * The one lease engine of every table of pending work (mailboxes, the delivery queue, bulk jobs): rows are claimed
 * with one conditional UPDATE over candidates locked FOR UPDATE SKIP LOCKED, the lease is renewed on a heartbeat for
 * as long as the work runs (never only between its steps), and the work on a row stops the moment a renewal finds it
 * taken. Every later write of the work is guarded by the lease's owner token. A worker that dies renews nothing: its
 * rows are free once its lease runs out, and the reconciler rings for them.
 */
@Injectable()
export class Leases {
  private readonly logger = new Logger('Leases');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: Pick<KernelOptions, 'leaseMs'>,
  ) {}

  /** Leases up to `query.limit` rows of `table`; answers the lease and what `select` reads of them. */
  async claim<Row extends object>(table: LeasedTable, query: ClaimQuery, executor: DataSource | EntityManager = this.dataSource): Promise<{ lease: Lease; rows: Row[] }> {
    const params: unknown[] = [];
    const p: Parameters = (value) => `$${params.push(value)}`;
    const lease = new Lease(table, table.leaseMs ?? this.options.leaseMs);
    const sql = `WITH leased AS (
        UPDATE ${table.table} t SET lease_until = now() + ${p(lease.leaseMs)} * interval '1 millisecond', lease_owner = ${p(lease.owner)}${query.set ? `, ${query.set(p)}` : ''}
        FROM (${query.pick(p)} LIMIT ${p(query.limit)} FOR UPDATE SKIP LOCKED) picked
        WHERE t.${table.key} = picked.${table.key}
        RETURNING t.*)
      ${query.select ? query.select('leased', p) : 'SELECT * FROM leased'}`;
    const rows = await queryPrepared<Row[]>(executor, sql, params);
    const keyOf = (query.keyOf ?? ((row: Record<string, unknown>) => row[table.key])) as (row: Row) => unknown;
    lease.took(rows.map(keyOf));
    return { lease, rows };
  }

  /**
   * Runs `work` while the lease is renewed every third of its length. A renewal that finds rows gone stops their
   * work (`lease.signalOf`); a renewal that fails (PostgreSQL away) is retried at the next beat, and the work goes on
   * until its own writes find out.
   */
  async hold<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
    const beat = setInterval(() => void this.renew(lease), Math.max(10, Math.floor(lease.leaseMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  }

  /** Extends the lease on the rows still held; the others are lost. */
  async renew(lease: Lease): Promise<void> {
    const { table, key } = lease.table;
    try {
      const [rows] = await queryPrepared<[Record<string, unknown>[], number]>(
        this.dataSource,
        `UPDATE ${table} SET lease_until = now() + $2 * interval '1 millisecond' WHERE lease_owner = $1 RETURNING ${key} AS key`,
        [lease.owner, lease.leaseMs],
      );
      lease.keepOnly(new Set(rows.map((row) => String(row.key))));
    } catch (error) {
      this.logger.warn(`could not renew a lease on ${table}, trying again at the next beat: ${(error as Error).message}`);
    }
  }
}
