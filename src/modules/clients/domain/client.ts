import type { Environment } from '../../../domain/environment.js';
import type { HookKind, HookOrdering, HookStatus } from '../../../domain/hook.js';
import type { RotatingCredential } from './rotation.js';

/** A registration: where one client receives one kind of webhook in one environment. */
export interface Hook {
  id: string;
  clientId: string;
  environment: Environment;
  kind: HookKind;
  url: string;
  status: HookStatus;
  signingSecret: string;
  /** The secret replaced by the last rotation and when it stops signing; see rotation.ts. */
  previousSigningSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  limits: HookLimits;
  /** The receiver asked us to wait until then (429, 503 with Retry-After). */
  pausedUntil: Date | null;
  updatedAt: Date;
}

/** How a hook's receiver may be called, as its client or an operator set it. */
export interface HookLimits {
  /** Deliveries per second at most; null: unlimited. */
  rateLimit: number | null;
  /** Concurrent requests at most; null: HOOK_MAX_IN_FLIGHT. */
  maxInFlight: number | null;
  ordering: HookOrdering;
}

/** What a request changes of a hook's limits: a field left undefined is kept, null returns it to the default. */
export type LimitsChange = { [K in keyof HookLimits]?: HookLimits[K] | null };

export interface Client {
  id: string;
  name: string;
  createdAt: Date;
  hooks: Hook[];
}

/** The URL of each hook a new client subscribes to. */
export interface HookSubscription {
  environment: Environment;
  kind: HookKind;
  url: string;
}

export function signingSecretOf(hook: Pick<Hook, 'signingSecret' | 'previousSigningSecret' | 'previousSecretExpiresAt'>): RotatingCredential<string> {
  return { current: hook.signingSecret, previous: hook.previousSigningSecret, previousExpiresAt: hook.previousSecretExpiresAt };
}
