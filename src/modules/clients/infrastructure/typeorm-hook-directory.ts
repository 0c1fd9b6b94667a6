import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import type { HookKind, HookOrdering } from '../../../domain/hook.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookCache } from '../application/ports/hook-cache.js';
import { secretsInForce } from '../domain/rotation.js';

/**
 * How long an answer may come from memory. A change made by another process (a URL, a status, limits)
 * is seen here at most this late; changes made in this process are seen at once (see `forget`).
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
  previous_signing_secret: string | null;
  previous_secret_expires_at: Date | null;
  status: HookTarget['status'];
  rate_limit: number | null;
  max_in_flight: number | null;
  ordering: HookOrdering;
  paused_until: Date | null;
}

const SELECT_TARGET = `SELECT id, client_id, environment, kind, url, signing_secret, previous_signing_secret, previous_secret_expires_at, status,
  rate_limit, max_in_flight, ordering, paused_until FROM hooks`;

/** Where a client receives, and how its receiver may be called. On the delivery hot path, so answers are cached briefly. */
@Injectable()
export class TypeOrmHookDirectory extends HookDirectory implements HookCache {
  private readonly cache = new Map<string, { target: HookTarget | null; expiresAt: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  find(clientId: string, environment: Environment, kind: HookKind): Promise<HookTarget | null> {
    return this.cached(`${clientId}/${environment}/${kind}`, `${SELECT_TARGET} WHERE client_id = $1 AND environment = $2 AND kind = $3`, [clientId, environment, kind]);
  }

  findById(hookId: string): Promise<HookTarget | null> {
    return this.cached(`id/${hookId}`, `${SELECT_TARGET} WHERE id = $1`, [hookId]);
  }

  /** Drops what this process remembers of a client's hooks, after a change made here. */
  forget(clientId: string): void {
    for (const [key, { target }] of this.cache) if (key.startsWith(`${clientId}/`) || target?.clientId === clientId) this.cache.delete(key);
  }

  private async cached(key: string, sql: string, params: unknown[]): Promise<HookTarget | null> {
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.target;
    const rows = await queryPrepared<TargetRow[]>(this.dataSource, sql, params);
    const target = rows[0] ? this.targetFromRow(rows[0]) : null;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    // A rotation's overlap ends on time, not up to a TTL late: the entry expires with the previous secret.
    const overlapEnd = target && target.signingSecrets.length > 1 ? rows[0].previous_secret_expires_at!.getTime() : Infinity;
    this.cache.set(key, { target, expiresAt: Math.min(Date.now() + HOOK_CACHE_TTL_MS, overlapEnd) });
    return target;
  }

  private targetFromRow(row: TargetRow): HookTarget {
    return {
      id: row.id,
      clientId: row.client_id,
      environment: row.environment,
      kind: row.kind,
      url: row.url,
      signingSecrets: secretsInForce(
        { current: row.signing_secret, previous: row.previous_signing_secret, previousExpiresAt: row.previous_secret_expires_at },
        new Date(),
      ),
      status: row.status,
      rateLimit: row.rate_limit,
      maxInFlight: row.max_in_flight ?? this.config.hookMaxInFlight,
      ordering: row.ordering,
      pausedUntil: row.paused_until,
    };
  }
}
