import type { DeliveryTrigger, ExhaustionReason } from '../../../domain/document.js';
import type { HookStatus } from '../../../domain/hook.js';

export interface HookHealth {
  status: HookStatus;
  consecutiveFailures: number;
}

/** What happened to a delivery to a data hook, as far as the hook's health is concerned. */
export type DeliveryOutcome =
  | { kind: 'succeeded'; trigger: DeliveryTrigger }
  | { kind: 'failed'; trigger: DeliveryTrigger }
  | { kind: 'exhausted'; reason: ExhaustionReason }
  | { kind: 'gone' };

export interface HookHealthDecision {
  next: HookHealth;
  changed: boolean;
  /** The status change to announce, if any. */
  transition: 'suspended' | 'restored' | null;
}

/**
 * The next health of a data hook after a delivery outcome.
 * - A document whose retries ran out counts one failure; `suspendAfter` in a row (0: never) suspend an Active hook.
 * - A receiver that answered 410 Gone is suspended at once, whatever `suspendAfter`.
 * - While Restarting, a failed scheduled attempt (initial or retry) suspends it again; resends,
 *   redeliveries and replays are the client's explicit requests and never suspend.
 * - Any accepted delivery resets the count and makes a Restarting hook Active; only a restart
 *   lifts a suspension, so a Suspended hook stays Suspended.
 */
export function nextHookHealth(current: HookHealth, outcome: DeliveryOutcome, suspendAfter: number): HookHealthDecision {
  const next = decide(current, outcome, suspendAfter);
  const changed = next.status !== current.status || next.consecutiveFailures !== current.consecutiveFailures;
  const transition = next.status === current.status ? null : next.status === 'Suspended' ? 'suspended' : next.status === 'Active' ? 'restored' : null;
  return { next, changed, transition };
}

function decide(current: HookHealth, outcome: DeliveryOutcome, suspendAfter: number): HookHealth {
  switch (outcome.kind) {
    case 'succeeded':
      return { status: current.status === 'Restarting' ? 'Active' : current.status, consecutiveFailures: 0 };
    case 'failed': {
      const scheduled = outcome.trigger === 'initial' || outcome.trigger === 'retry';
      return scheduled && current.status === 'Restarting' ? { ...current, status: 'Suspended' } : current;
    }
    case 'gone':
      return { ...current, status: 'Suspended' };
    case 'exhausted': {
      // Only documents whose retries ran out count: a skipped one or one refused with 410 says nothing new.
      if (outcome.reason !== 'retries_exhausted') return current;
      const consecutiveFailures = current.consecutiveFailures + 1;
      const suspend = suspendAfter > 0 && consecutiveFailures >= suspendAfter && current.status === 'Active';
      return { status: suspend ? 'Suspended' : current.status, consecutiveFailures };
    }
  }
}
