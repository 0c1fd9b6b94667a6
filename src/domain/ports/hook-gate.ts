import type { HookTarget } from './hook-directory.js';

/** Permission to start `granted` requests to a hook now, shared by every process. */
export interface Admission {
  granted: number;
  /** When nothing was granted: when to ask again (the end of the pause, the next free start, or soon when every slot is busy). */
  retryAt: Date | null;
  /** Gives back the slots beyond the first `used`, as soon as it is known they will not be used. */
  keep(used: number): Promise<void>;
  /**
   * Just before the requests go: when each of `count` may start (ms from now, ascending), so that no two to
   * the hook, from any process, start closer than its rate allows. All 0 for a hook without a rate.
   */
  pace(count: number): Promise<number[]>;
  /** Gives back the slots once the requests have ended. */
  release(): Promise<void>;
}

/**
 * Clients' rule over how fast a hook may be called: its pause, its `maxInFlight` concurrent requests
 * and its `rateLimit` per second, held across every process. Provided by the Clients module.
 */
export abstract class HookGate {
  /** Up to `wanted` requests may start (at the given offsets); the rest must wait. */
  abstract admit(hook: HookTarget, wanted: number): Promise<Admission>;
  /** The receiver asked us to wait: no scheduled request to this hook starts before `until`, in any process. */
  abstract pause(hookId: string, until: Date): Promise<void>;
}
