import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../domain/ports/hook-gate.js';
import { ADMIT_SCRIPT, PACE_SCRIPT } from './hook-gate.lua.js';
import { TypeOrmHookDirectory } from './typeorm-hook-directory.js';

/** A rate-limited hook is admitted the starts free within this much time. */
const RATE_HORIZON_MS = 1000;
/** A slot frees itself this long after it was taken, should its worker die first. */
const SLOT_MARGIN_MS = 5_000;
/** Every slot busy: ask again this soon (a busy slot's holder does not tell anyone when it is done). */
const BUSY_RETRY_MS = 250;

type AdmitReply = [number, number];
type GateRedis = Redis & {
  admitToHook(...args: (string | number)[]): Promise<AdmitReply>;
  paceHook(...args: (string | number)[]): Promise<number>;
};

/**
 * The hook gate in Redis, shared by every process: one script call admits a round's requests, another paces
 * them just before they go. The pause is also written to the hook's row (PostgreSQL), which the API shows
 * and which survives Redis losing it.
 */
@Injectable()
export class RedisHookGate extends HookGate implements OnApplicationShutdown {
  private readonly logger = new Logger('HookGate');
  private readonly redis: GateRedis;
  /** Set while Redis is away, so an outage is logged once, not at every reconnect attempt. */
  private outage = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly directory: TypeOrmHookDirectory,
  ) {
    super();
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true }) as GateRedis;
    this.redis.defineCommand('admitToHook', { numberOfKeys: 3, lua: ADMIT_SCRIPT });
    this.redis.defineCommand('paceHook', { numberOfKeys: 1, lua: PACE_SCRIPT });
    this.redis.on('error', (error: Error) => {
      if (!this.outage) this.logger.warn(`Redis unavailable, deliveries wait until it is back: ${error.message}`);
      this.outage = true;
    });
    this.redis.on('ready', () => (this.outage = false));
  }

  async admit(hook: HookTarget, wanted: number): Promise<Admission> {
    const now = Date.now();
    if (hook.pausedUntil && hook.pausedUntil.getTime() > now) return nothing(hook.pausedUntil);
    const slot = randomUUID();
    const keys = this.keys(hook.id);
    const [granted, retryAt] = await this.redis.admitToHook(
      ...keys,
      now,
      wanted,
      hook.maxInFlight,
      this.config.deliveryTimeoutMs + 2 * RATE_HORIZON_MS + SLOT_MARGIN_MS,
      hook.rateLimit ?? 0,
      RATE_HORIZON_MS,
      slot,
    );
    if (granted === 0) return nothing(new Date(retryAt > 0 ? retryAt : now + BUSY_RETRY_MS));
    const members = Array.from({ length: granted }, (_, i) => `${slot}:${i + 1}`);
    const free = async (slots: string[]) => {
      if (slots.length > 0) await this.redis.zrem(keys[0], ...slots).catch(() => undefined);
    };
    return {
      granted,
      keep: (used) => free(members.splice(used)),
      pace: async (count) => {
        if (!hook.rateLimit || count === 0) return Array.from({ length: count }, () => 0);
        const interval = 1000 / hook.rateLimit;
        const at = Date.now();
        const first = await this.redis.paceHook(keys[1], at, count, interval);
        return Array.from({ length: count }, (_, i) => Math.max(0, Math.round(first + i * interval - at)));
      },
      retryAt: null,
      release: () => free(members.splice(0)),
    };
  }

  async pause(hookId: string, until: Date): Promise<void> {
    const ms = until.getTime() - Date.now();
    if (ms <= 0) return;
    await this.redis.set(this.keys(hookId)[2], String(until.getTime()), 'PX', ms);
    const [rows] = (await this.dataSource.query(
      'UPDATE hooks SET paused_until = $2 WHERE id = $1 AND (paused_until IS NULL OR paused_until < $2) RETURNING client_id',
      [hookId, until],
    )) as [{ client_id: string }[], number];
    if (rows[0]) this.directory.forget(rows[0].client_id);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  private keys(hookId: string): [string, string, string] {
    const base = `${this.config.redisPrefix}:hook-gate:${hookId}`;
    return [`${base}:in-flight`, `${base}:next-start`, `${base}:paused-until`];
  }
}

function nothing(retryAt: Date | null): Admission {
  return { granted: 0, retryAt, keep: async () => undefined, pace: async () => [], release: async () => undefined };
}
