import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PartitionRange } from './partition-range.js';

export interface AttachedPartition extends PartitionRange {
  name: string;
  /** A `DETACH … CONCURRENTLY` that stopped half-way: it must be finalized before anything else. */
  detachPending: boolean;
}

type Executor = DataSource | EntityManager | QueryRunner;

/**
 * What PostgreSQL's catalog says of a partitioned table's partitions, oldest first. The bounds are read back
 * through `timestamptz`, so the session's time zone does not matter.
 */
export async function attachedPartitions(executor: Executor, table: string): Promise<AttachedPartition[]> {
  const rows: { name: string; from: Date; to: Date; detach_pending: boolean }[] = await executor.query(
    `SELECT c.relname AS name, b.bounds[1]::timestamptz AS "from", b.bounds[2]::timestamptz AS "to", i.inhdetachpending AS detach_pending
     FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid
     CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') AS b(bounds)
     WHERE i.inhparent = $1::regclass
     ORDER BY 2`,
    [table],
  );
  return rows.map((row) => ({ name: row.name, from: new Date(row.from), to: new Date(row.to), detachPending: row.detach_pending }));
}

/** Tables named like this table's partitions that are attached to nothing: left by a crash between a detach and its drop. */
export async function orphanPartitions(executor: Executor, table: string): Promise<string[]> {
  const rows: { name: string }[] = await executor.query(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relkind = 'r' AND c.relname ~ ('^' || $1 || '_p[0-9]{8}t[0-9]{6}$') AND NOT c.relispartition
       AND c.relnamespace = current_schema()::regnamespace`,
    [table],
  );
  return rows.map((row) => row.name);
}
