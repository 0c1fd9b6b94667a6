import type { BackoffRule } from '../../../libs/kernel/backoff.js';

/**
 * Work of ours that failed and is tried again after a backoff (not a receiver's answer): a handler that threw, a
 * doorbell job, a document S3 did not take, a leased job's run, a bulk job's document.
 */
export type BackoffRuleName = 'handler' | 'doorbell' | 'bucket-cleanup' | 'storage' | 'leased-job' | 'bulk-item';

/** Retry's backoff rules, by name; the kernel's one formula applies them. Provided by the Retry module. */
export abstract class Backoffs {
  abstract rule(name: BackoffRuleName): BackoffRule;
  /** When work that failed its `attemptsMade`th try is tried again; null when its rule's tries ran out. */
  abstract retryAt(name: BackoffRuleName, attemptsMade: number, now?: Date): Date | null;
  /** Every rule, for the kernel (KernelOptions.retryRules). */
  abstract all(): Readonly<Record<BackoffRuleName, BackoffRule>>;
}
