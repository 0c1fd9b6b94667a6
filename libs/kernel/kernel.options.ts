import type { BackoffRule } from './backoff.js';

export interface KernelOptions {
  redisUrl: string;
  /** Key prefix of the doorbell queues in Redis. */
  redisPrefix: string;
  /** Whether this process handles messages and runs the reconciler (false in an API-only process). */
  runActors: boolean;
  /** Every event type the application publishes; start-up fails if one has no handler and is not terminal. */
  eventTypes: readonly string[];
  /** Event types that are facts for the record only: no handler is needed. */
  terminalEvents: readonly string[];
  /** Messages each process handles at once per actor, unless the actor sets its own. */
  mailboxConcurrency: number;
  /** How often pending work is woken again from PostgreSQL. */
  reconcileIntervalMs: number;
  /** How late a due message or ledger row must be before the reconciler wakes it. */
  reconcileGraceMs: number;
  /** How long a claim on pending work holds unrenewed, unless its table sets its own; renewed while the work runs. */
  leaseMs: number;
  /**
   * How failed work is tried again, by name: `handler` for a message whose handler threw (unless its actor names
   * another rule), `doorbell` for a doorbell job that failed. The application's retry policy gives the numbers.
   */
  retryRules: Readonly<Record<string, BackoffRule>> & { handler: BackoffRule; doorbell: BackoffRule };
  /** How long dead messages and failed doorbell jobs are kept for a look. */
  historyRetentionMs: number;
  /** How often one process counts the shared gauges. */
  gaugeIntervalMs: number;
}

export const KERNEL_OPTIONS = Symbol('KERNEL_OPTIONS');
