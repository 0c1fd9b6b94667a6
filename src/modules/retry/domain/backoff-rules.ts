import type { BackoffRule } from '../../../../libs/kernel/backoff.js';
import type { BackoffRuleName } from '../../../domain/ports/backoffs.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** How each kind of our own failed work is tried again (the kernel's capped exponential backoff applies them). */
export const BACKOFF_RULES: Readonly<Record<BackoffRuleName, BackoffRule>> = {
  /** A message whose handler threw: ten tries, then it is kept as failed in kernel_messages for a look. */
  handler: { attempts: 10, firstMs: SECOND, maxMs: MINUTE },
  /** A doorbell job that failed: its rows stay due, and the reconciler rings again after these. */
  doorbell: { attempts: 3, firstMs: 500, maxMs: MINUTE },
  /** An object left in a bucket after its document was delivered: removed for as long as S3 takes to answer. */
  'bucket-cleanup': { attempts: 1_000_000, firstMs: 500, maxMs: MINUTE },
  /** A document S3 did not take: nothing is lost, so it is tried again for as long as it takes. */
  storage: { attempts: Infinity, firstMs: SECOND, maxMs: MINUTE },
  /** A leased job's run (an erasure) that threw: run again from its last step, for as long as it takes. */
  'leased-job': { attempts: Infinity, firstMs: SECOND, maxMs: 5 * MINUTE },
  /** A bulk job's document that could not be tried (S3 away): five tries, then it is failed and its job goes on. */
  'bulk-item': { attempts: 5, firstMs: SECOND, maxMs: 5 * MINUTE },
};
