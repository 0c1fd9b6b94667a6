import { Injectable } from '@nestjs/common';
import { Doorbells, type Ring } from '../../../../libs/kernel/index.js';

/** The doorbell of the delivery ledger: a job names a hook whose documents are due (now or at a time). */
export const DELIVERY_DOORBELL = 'delivery';

/**
 * Rings the delivery doorbell. A job carries a hook id only, never a document; its id is deterministic
 * (the reason it was rung), so a repeated ring queues one job. Whatever Redis loses, the reconciler
 * rings again from the ledger.
 */
@Injectable()
export class LedgerDoorbell {
  constructor(private readonly doorbells: Doorbells) {}

  /** Documents of these hooks became due now; `cause` is unique to what made them due (their first id). */
  dueNow(wakes: readonly { hookId: string; cause: string }[]): void {
    this.doorbells.ring(
      DELIVERY_DOORBELL,
      wakes.map(({ hookId, cause }) => ({ jobId: `${hookId}:${cause}`, data: { hookId } })),
    );
  }

  /** Alarms: documents of this hook are due at these times (retries, the end of a pause, storage retries). */
  dueAt(hookId: string, ...times: Date[]): void {
    const slots = new Set(times.map((at) => Math.ceil(at.getTime() / ALARM_SLOT_MS) * ALARM_SLOT_MS));
    this.doorbells.ring(
      DELIVERY_DOORBELL,
      [...slots].map((slot) => alarm(hookId, new Date(slot))),
    );
  }

  /** For the reconciler: waits for Redis to take the rings. */
  ringNow(rings: readonly Ring[]): Promise<boolean> {
    return this.doorbells.ringNow(DELIVERY_DOORBELL, rings);
  }
}

/** Alarms ring at most this late, so documents due close together share one job. */
const ALARM_SLOT_MS = 100;

/** Alarms for the same hook and slot are one job. */
function alarm(hookId: string, at: Date): Ring {
  return { jobId: `${hookId}:at:${at.getTime()}`, data: { hookId }, at };
}
