import { Injectable } from '@nestjs/common';
import { Doorbells, type Ring } from '../../../../../libs/kernel/index.js';
import { AlarmClocks } from '../../../../domain/ports/alarm-clocks.js';

/** The doorbell of the delivery ledger: a job names a hook whose documents are due (now or at a time). */
export const DELIVERY_DOORBELL = 'delivery';
/** Set on a job rung for new documents only (`newDocuments`): its first round makes no storage claim. */
export const NEW_ONLY = 'newOnly';

/**
 * Rings the delivery doorbell. A job carries a hook id only, never a document. "Due now" rings coalesce
 * per hook; alarms are set on Retry's alarm clocks (one job per hook and time slot). Whatever Redis loses,
 * the reconciler rings again from the ledger.
 */
@Injectable()
export class LedgerDoorbell {
  constructor(
    private readonly doorbells: Doorbells,
    private readonly alarms: AlarmClocks,
  ) {}

  /**
   * Documents of these hooks became due now; `cause` is unique to what made them due (their first id). A hook
   * whose job is still waiting gets no second one: that job has not looked at the documents yet.
   */
  dueNow(wakes: readonly { hookId: string; cause: string }[]): void {
    this.doorbells.ring(
      DELIVERY_DOORBELL,
      wakes.map(({ hookId, cause }) => ({ jobId: `${hookId}:${cause}`, data: { hookId }, coalesce: hookId })),
    );
  }

  /**
   * New documents of these hooks were taken: due now, as with `dueNow`, but none of them waits for the bucket, so the
   * job's first round makes no storage claim (under a steady load that claim was every other statement of a job, and
   * found nothing). Every exhausted document has a ring of its own that makes one (the job whose round exhausted it,
   * a storage alarm, the reconciler); these rings coalesce apart from those, so they never stand for one.
   */
  newDocuments(wakes: readonly { hookId: string; cause: string }[]): void {
    this.doorbells.ring(
      DELIVERY_DOORBELL,
      wakes.map(({ hookId, cause }) => ({ jobId: `${hookId}:${cause}`, data: { hookId, [NEW_ONLY]: '1' }, coalesce: `${hookId}:new` })),
    );
  }

  /** Documents of this hook are due at these times (retries, the end of a pause, storage retries): Retry's alarm clocks. */
  dueAt(hookId: string, ...times: Date[]): void {
    this.alarms.set(DELIVERY_DOORBELL, hookId, { hookId }, times);
  }

  /** For the reconciler: waits for Redis to take the rings. */
  ringNow(rings: readonly Ring[]): Promise<boolean> {
    return this.doorbells.ringNow(DELIVERY_DOORBELL, rings);
  }
}
