import type { JobOptions } from 'bull';

export const RESEND_QUEUE = 'rejected-resend';

/** Payloads of the resend queue's jobs. */
export type ResendQueueJob = { kind: 'bulk-resend'; resendJobId: string; documentIds: string[] };

/** Every job option of the resend queue in one place: the job id dedupes, a crash or error retries. */
export function resendJobOptions(job: ResendQueueJob): JobOptions {
  return {
    jobId: job.resendJobId,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
