import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryPrepared } from '../../../../libs/kernel/index.js';
import { scrapeQuery } from '../../../../libs/metrics/index.js';
import type { Environment } from '../../../domain/environment.js';
import type { HookKind, HookStatus } from '../../../domain/hook.js';
import type { HookHealth } from '../domain/hook-health.js';
import { HookStatuses, type HookHealthState } from '../application/ports/hook-statuses.js';

interface HealthRow {
  id: string;
  client_id: string;
  environment: Environment;
  status: HookHealth['status'];
  consecutive_failures: number;
}

const SELECT_HEALTH = 'SELECT id, client_id, environment, status, consecutive_failures FROM hooks WHERE id = $1';

/** The status and failure count of hooks, read freely or locked inside a transaction. */
@Injectable()
export class HookHealthRepository implements HookStatuses {
  constructor(private readonly dataSource: DataSource) {}

  async read(hookId: string): Promise<HookHealthState | null> {
    return first(await queryPrepared(this.dataSource, SELECT_HEALTH, [hookId]));
  }

  /** Locks the hook's row until the transaction ends, so concurrent outcomes apply one after the other. */
  async lock(tx: EntityManager, hookId: string): Promise<HookHealthState | null> {
    return first(await tx.query(`${SELECT_HEALTH} FOR UPDATE`, [hookId]));
  }

  async save(tx: EntityManager, hookId: string, health: HookHealth): Promise<void> {
    await tx.query('UPDATE hooks SET status = $2, consecutive_failures = $3, updated_at = now() WHERE id = $1', [
      hookId,
      health.status,
      health.consecutiveFailures,
    ]);
  }

  /** For the metrics. A full scan, but of a small table: four rows per client at most. */
  async countByStatus(): Promise<{ environment: Environment; kind: HookKind; status: HookStatus; count: number }[]> {
    const rows = await scrapeQuery<{ environment: Environment; kind: HookKind; status: HookStatus; count: string }>(
      this.dataSource,
      'SELECT environment, kind, status, count(*) AS count FROM hooks GROUP BY 1, 2, 3',
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }
}

function first(rows: HealthRow[]): HookHealthState | null {
  const row = rows[0];
  if (!row) return null;
  return { hookId: row.id, clientId: row.client_id, environment: row.environment, status: row.status, consecutiveFailures: row.consecutive_failures };
}
