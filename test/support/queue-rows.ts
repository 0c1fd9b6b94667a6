import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Rows written straight into the delivery queue, with no document behind them: enough for what reads the queue alone
 * (claims, the pending gauge). `dueAt` is an SQL expression.
 */
export function queueRows(
  dataSource: DataSource,
  { hookId, count, dueAt, environment = 'sandbox', kind = 'event', type = 't' }: { hookId: string; count: number; dueAt: string; environment?: string; kind?: string; type?: string },
): Promise<unknown> {
  return dataSource.query(
    `INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, due_at)
     SELECT gen_random_uuid(), now(), $1, $2, $4, $5, $6, 'user-' || n, ${dueAt} FROM generate_series(1, $3::int) n`,
    [randomUUID(), hookId, count, environment, kind, type],
  );
}
