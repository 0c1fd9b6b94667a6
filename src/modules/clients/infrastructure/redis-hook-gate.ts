import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../domain/ports/hook-gate.js';
import { ADMIT_SCRIPT, PACE_SCRIPT, PAUSE_SCRIPT, PAUSED_FOR_SCRIPT } from './hook-gate.lua.js';
import { TypeOrmHookDirectory } from './typeorm-hook-directory.js';

/** A rate-limited hook is admitted the starts free within this much time. */
const RATE_HORIZON_MS = 1000;
/** A slot frees itself this long after it was taken, should its worker die first. */
const SLOT_MARGIN_MS = 5_000;
/** Every slot busy: ask again this soon (a busy slot's holder does not tell anyone when it is done). */
const BUSY_RETRY_MS = 250;

type AdmitReply = [number, number, number];
type GateRedis = Redis & {
  admitToHook(...args: (string | number)[]): Promise<AdmitReply>;
  paceHook(...args: (string | number)[]): Promise<number>;
  pauseHook(...args: (string | number)[]): Promise<number>;
  hookPausedFor(key: string): Promise<number>;
};

/**
 * The hook gate in Redis, shared by every process: one script call admits a round's requests and reserves their
 * starts; the slots are given back when the requests end. The pause is also written to the hook's row (PostgreSQL), which the API shows
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
    this.redis.defineCommand('pauseHook', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
    this.redis.defineCommand('hookPausedFor', { numberOfKeys: 1, lua: PAUSED_FOR_SCRIPT });
    this.redis.on('error', (error: Error) => {
      if (!this.outage) this.logger.warn(`Redis unavailable, deliveries wait until it is back: ${error.message}`);
      this.outage = true;
    });
    this.redis.on('ready', () => (this.outage = false));
  }

  async admit(hook: HookTarget, wanted: number): Promise<Admission> {
    if (hook.pausedUntil && hook.pausedUntil.getTime() > Date.now()) return nothing(hook.pausedUntil);
    const slot = randomUUID();
    const keys = this.keys(hook.id);
    const [granted, retryInMs, firstInMs] = await this.redis.admitToHook(
      ...keys,
      wanted,
      hook.maxInFlight,
      this.config.deliveryTimeoutMs + 2 * RATE_HORIZON_MS + SLOT_MARGIN_MS,
      hook.rateLimit ?? 0,
      RATE_HORIZON_MS,
      slot,
    );
    if (granted === 0) return nothing(new Date(Date.now() + (retryInMs >= 0 ? retryInMs : BUSY_RETRY_MS)));
    const members = Array.from({ length: granted }, (_, i) => `${slot}:${i + 1}`);
    const free = async (slots: string[]) => {
      if (slots.length > 0) await this.redis.zrem(keys[0], ...slots).catch(() => undefined);
    };
    const interval = hook.rateLimit ? 1000 / hook.rateLimit : 0;
    const admittedAt = Date.now();
    // The starts the admission reserved, handed out first; only a request woken late asks Redis for a new one.
    let reserved = granted;
    return {
      granted,
      keep: (used) => free(members.splice(used)),
      pace: async (count) => {
        if (!hook.rateLimit || count === 0) return Array.from({ length: count }, () => 0);
        if (count <= reserved) {
          const skip = granted - reserved;
          reserved -= count;
          const elapsed = Date.now() - admittedAt;
          return Array.from({ length: count }, (_, i) => Math.max(0, Math.round(firstInMs + (skip + i) * interval - elapsed)));
        }
        const nextInMs = await this.redis.paceHook(keys[1], count, interval);
        return Array.from({ length: count }, (_, i) => Math.max(0, Math.round(nextInMs + i * interval)));
      },
      retryAt: null,
      release: () => free(members.splice(0)),
    };
  }

  /**
   * PostgreSQL first (the record, which the API shows and which survives Redis), then Redis, where every process's
   * gate sees it at once. Should Redis fail, the pause still holds from the hook's row (read within a second).
   */
  async pause(hookId: string, until: Date): Promise<void> {
    const ms = until.getTime() - Date.now();
    if (ms <= 0) return;
    const [rows] = (await this.dataSource.query(
      'UPDATE hooks SET paused_until = $2 WHERE id = $1 AND (paused_until IS NULL OR paused_until < $2) RETURNING client_id',
      [hookId, until],
    )) as [{ client_id: string }[], number];
    if (rows[0]) this.directory.forget(rows[0].client_id);
    await this.redis.pauseHook(this.keys(hookId)[2], ms).catch((error: Error) => {
      this.logger.warn(`hook ${hookId}: its pause could not be written to Redis, it holds from PostgreSQL within a second: ${error.message}`);
    });
  }

  pausedFor(hookId: string): Promise<number> {
    return this.redis.hookPausedFor(this.keys(hookId)[2]);
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
