import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from './envelope.js';

/** What a handler gets besides its event. */
export interface MessageContext {
  actor: string;
  /** 1 on the first try, then counts the retries of this message. */
  attempt: number;
  /**
   * Runs `work` in a transaction that also removes this message from the mailbox, so its effects
   * happen once however often the message arrives (a copy that finds it gone is rolled back).
   */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
  /** The message being handled, to name it as the cause of the events it leads to. */
  message: EventEnvelope;
  /** Aborted when another worker took the message over (this one stalled past its lease): stop, its effects are not ours. */
  signal: AbortSignal;
}

/** What a batch handler gets besides its events. */
export interface BatchContext {
  actor: string;
  attempt: number;
  /**
   * Runs `work` in a transaction that also removes the messages from the mailbox. `claimed` holds the
   * ids of the messages no other worker has handled meanwhile: write effects for those only.
   */
  transaction<T>(work: (tx: EntityManager, claimed: ReadonlySet<string>) => Promise<T>): Promise<T>;
  /** The actor's limit on work in flight: run each message's slow step (a network call) through it. */
  limit<T>(work: () => Promise<T>): Promise<T>;
  /** Aborted when every message of the batch was taken over. */
  signal: AbortSignal;
}
