import type { DoorbellJob } from '../../../libs/kernel/index.js';

/**
 * The alarm clocks of retries: wake a doorbell's owner at the times Retry's rules chose (a receiver's retry, the end
 * of a Retry-After pause, storage's backoff, a job's next run). An alarm only wakes: the rows that are due say what
 * to do, and the reconciler rings what an alarm Redis lost would have. Provided by the Retry module.
 */
export abstract class AlarmClocks {
  /** Rings `doorbell` with `data` at each of these times; the alarms of one `key` within a slot ring once. */
  abstract set(doorbell: string, key: string, data: DoorbellJob, times: readonly Date[]): void;
}
