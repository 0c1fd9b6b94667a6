import type { Environment } from '../environment.js';
import type { HookKind, HookOrdering, HookStatus } from '../hook.js';

/** Where a hook sends, with which secrets, and the limits its receiver set. */
export interface HookTarget {
  id: string;
  clientId: string;
  environment: Environment;
  kind: HookKind;
  url: string;
  /** The current secret first, then the previous one while a rotation's overlap lasts: one signature each. */
  signingSecrets: readonly string[];
  status: HookStatus;
  /** Deliveries per second at most; null: unlimited. */
  rateLimit: number | null;
  /** Concurrent requests at most. */
  maxInFlight: number;
  ordering: HookOrdering;
  /** No scheduled delivery starts before this instant (the receiver asked us to wait). */
  pausedUntil: Date | null;
}

/** Clients' answer to "where does this client receive?". Provided by the Clients module; answers may be a second old. */
export abstract class HookDirectory {
  abstract find(clientId: string, environment: Environment, kind: HookKind): Promise<HookTarget | null>;
  abstract findById(hookId: string): Promise<HookTarget | null>;
}
