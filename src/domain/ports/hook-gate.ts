import type { HookTarget } from './hook-directory.js';

/** Permission to start `granted` requests to a hook now, shared by every process. */
export interface Admission {
  granted: number;
  /** When nothing was granted: when to ask again (the end of the pause, the next free start, or soon when every slot is busy). */
  retryAt: Date | null;
  /** Gives back the slots beyond the first `used`, as soon as it is known they will not be used. */
  keep(used: number): Promise<void>;
  /**
   * When each of `count` requests may start (ms from now, ascending), so that no two to the hook, from any
   * process, start closer than its rate allows. All 0 for a hook without a rate. The admission reserved
   * `granted` starts already: asking for those costs no round trip; asking again reserves new ones.
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
  /** Up to `wanted` requests may start (at the offsets `pace` gives); the rest must wait. One round trip. */
  abstract admit(hook: HookTarget, wanted: number): Promise<Admission>;
  /** The receiver asked us to wait: no scheduled request to this hook starts before `until`, in any process. */
  abstract pause(hookId: string, until: Date): Promise<void>;
  /** How much longer the hook's pause lasts, in ms (0: not paused): asked again by a request paced to start later. */
  abstract pausedFor(hookId: string): Promise<number>;
}
