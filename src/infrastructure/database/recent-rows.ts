import type { EntityManager } from 'typeorm';

/** How far a clock may run ahead of PostgreSQL's and a row still be found (its time comes from the process that wrote it). */
const CLOCK_SLACK = `interval '1 minute'`;
/** Transactions near a partition boundary take turns: wider than any such transaction lasts, plus clock skew. */
const BOUNDARY_WINDOW_MS = 60_000;
/** Namespaces the lock taken near a partition boundary. */
const BOUNDARY_LOCK = 716_201_905;

/**
 * A row of a time-partitioned table within EVENT_RETENTION of `now` (SQL), `retentionMs` a parameter: the bound that
 * lets PostgreSQL prune every partition outside it, so a lookup by id probes one index per partition it spans.
 */
export function withinRetention(column: string, now: string, retentionMs: string): string {
  return `${column} > (${now})::timestamptz - ${retentionMs} * interval '1 millisecond' AND ${column} <= (${now})::timestamptz + ${CLOCK_SLACK}`;
}

/**
 * Each partition's unique index on `id` catches two inserts of one id at once, but only within one partition: two on
 * either side of a boundary would land in two. Near a boundary, transactions that insert ids a caller chose take turns.
 */
export async function takeTurnsNearBoundary(tx: EntityManager, at: Date, intervalMs: number): Promise<void> {
  const intoInterval = ((at.getTime() % intervalMs) + intervalMs) % intervalMs;
  if (intoInterval < BOUNDARY_WINDOW_MS || intervalMs - intoInterval < BOUNDARY_WINDOW_MS) await tx.query('SELECT pg_advisory_xact_lock($1)', [BOUNDARY_LOCK]);
}
