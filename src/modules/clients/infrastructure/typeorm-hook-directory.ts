import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { HookKind } from '../../../domain/hook.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';

/**
 * How long `find` may answer from memory. A URL or status change made by another process is
 * seen here at most this late; changes made in this process are seen at once (see `forget`).
 */
export const HOOK_CACHE_TTL_MS = 1000;
/** Beyond this many entries the cache is emptied rather than grown: a cheap bound on memory. */
const MAX_CACHED = 10_000;

interface TargetRow {
  id: string;
  client_id: string;
  environment: Environment;
  kind: HookKind;
  url: string;
  signing_secret: string;
  status: HookTarget['status'];
}

const SELECT_TARGET = 'SELECT id, client_id, environment, kind, url, signing_secret, status FROM hooks';

/** Where a client receives. `find` sits on the delivery hot path, so it keeps a short-lived cache. */
@Injectable()
export class TypeOrmHookDirectory extends HookDirectory {
  private readonly cache = new Map<string, { target: HookTarget | null; expiresAt: number }>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(clientId: string, environment: Environment, kind: HookKind): Promise<HookTarget | null> {
    const key = `${clientId}/${environment}/${kind}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.target;
    const rows: TargetRow[] = await this.dataSource.query(`${SELECT_TARGET} WHERE client_id = $1 AND environment = $2 AND kind = $3`, [
      clientId,
      environment,
      kind,
    ]);
    const target = rows[0] ? targetFromRow(rows[0]) : null;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, { target, expiresAt: Date.now() + HOOK_CACHE_TTL_MS });
    return target;
  }

  async findById(hookId: string): Promise<HookTarget | null> {
    const rows: TargetRow[] = await this.dataSource.query(`${SELECT_TARGET} WHERE id = $1`, [hookId]);
    return rows[0] ? targetFromRow(rows[0]) : null;
  }

  /** Drops what this process remembers of a client's hooks, after a change made here. */
  forget(clientId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${clientId}/`)) this.cache.delete(key);
  }
}

function targetFromRow(row: TargetRow): HookTarget {
  return {
    id: row.id,
    clientId: row.client_id,
    environment: row.environment,
    kind: row.kind,
    url: row.url,
    signingSecret: row.signing_secret,
    status: row.status,
  };
}
