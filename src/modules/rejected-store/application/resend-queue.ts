import type { JobOptions } from 'bull';

export const RESEND_QUEUE = 'rejected-resend';

/** A resend job names its row in resend_jobs; the documents it covers are rows too, never in Redis. */
export type ResendQueueJob = { kind: 'bulk-resend'; resendJobId: string };

/** Every job option of the resend queue in one place: the job id dedupes, a crash or error retries. */
export function resendJobOptions(job: ResendQueueJob, historyRetentionMs: number): JobOptions {
  return {
    jobId: job.resendJobId,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: Math.ceil(historyRetentionMs / 1000) },
  };
}
