import type { EntityManager } from 'typeorm';
import type { Environment } from '../../../../domain/environment.js';
import type { HookKind, HookStatus } from '../../../../domain/hook.js';
import type { HookHealth } from '../../domain/hook-health.js';

/** A hook's health, with whose it is. */
export interface HookHealthState extends HookHealth {
  hookId: string;
  clientId: string;
  environment: Environment;
}

/** The status and failure count of hooks, read freely or locked inside a transaction. */
export abstract class HookStatuses {
  abstract read(hookId: string): Promise<HookHealthState | null>;
  /** Locks the hook until the transaction ends, so concurrent outcomes apply one after the other. */
  abstract lock(tx: EntityManager, hookId: string): Promise<HookHealthState | null>;
  abstract save(tx: EntityManager, hookId: string, health: HookHealth): Promise<void>;
  /** For the hooks gauge: how many hooks stand in each status. */
  abstract countByStatus(): Promise<{ environment: Environment; kind: HookKind; status: HookStatus; count: number }[]>;
}
