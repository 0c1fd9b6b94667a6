import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import { afterCommit } from './after-commit.js';
import { Doorbells, type Ring } from './doorbells.js';
import type { EventEnvelope } from './envelope.js';
import { MessageStore, type MessageToStore } from './message-store.js';

/** The doorbell of an actor's mailbox. */
export function mailboxOf(actor: string): string {
  return `mailbox:${actor}`;
}

/**
 * Publishes events inside the caller's transaction: each becomes one message row per subscribing
 * actor, committed with the state that caused it or not at all. Once the transaction commits, the
 * mailboxes' doorbells ring; if the process dies first, the reconciler finds the rows.
 */
@Injectable()
export class EventBus {
  constructor(
    private readonly registry: ActorRegistry,
    private readonly store: MessageStore,
    private readonly doorbells: Doorbells,
  ) {}

  async publish(tx: EntityManager, ...events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('EventBus.publish must be called with the EntityManager of an open transaction');
    this.registry.discover();
    const messages: MessageToStore[] = events.flatMap((envelope) =>
      this.registry.subscribersOf(envelope).map((actor) => ({ envelope, actor, runAt: envelope.deliverAt ? new Date(envelope.deliverAt) : null })),
    );
    await this.store.insert(tx, messages);
    const rings = ringsFor(messages);
    afterCommit(tx, () => {
      for (const [actor, ring] of rings) this.doorbells.ring(mailboxOf(actor), ring);
    });
  }
}

/** The coalescing key of a mailbox's "due now" rings: one waiting job per mailbox is enough to drain it. */
export const DUE_NOW = 'now';

/**
 * One ring per actor for its due messages, one alarm per delayed message. Job ids come from event ids; a ring
 * carries nothing, since the woken runtime claims whatever of its mailbox is due.
 */
function ringsFor(messages: readonly MessageToStore[]): Map<string, Ring[]> {
  const rings = new Map<string, Ring[]>();
  const firstDue = new Map<string, string>();
  for (const { envelope, actor, runAt } of messages) {
    if (runAt && runAt.getTime() > Date.now()) {
      rings.set(actor, [...(rings.get(actor) ?? []), { jobId: `${actor}:${envelope.id}:at`, data: {}, at: runAt }]);
    } else if (!firstDue.has(actor)) {
      firstDue.set(actor, envelope.id);
    }
  }
  for (const [actor, eventId] of firstDue) rings.set(actor, [...(rings.get(actor) ?? []), { jobId: `${actor}:${eventId}`, data: {}, coalesce: DUE_NOW }]);
  return rings;
}
