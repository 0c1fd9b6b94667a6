export interface KernelOptions {
  redisUrl: string;
  /** Key prefix of the mailboxes in Redis. */
  redisPrefix: string;
  /** Whether this process takes messages from mailboxes (false in an API-only process). */
  runActors: boolean;
  /** Event types that must have at least one handler, or start-up fails. */
  requiredHandlers: readonly string[];
  mailboxConcurrency: number;
  relayIntervalMs?: number;
  relayBatchSize?: number;
}

export const KERNEL_OPTIONS = Symbol('KERNEL_OPTIONS');
