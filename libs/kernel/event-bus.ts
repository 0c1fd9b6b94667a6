import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import { Doorbells, type Ring } from './doorbells.js';
import type { EventEnvelope } from './envelope.js';
import { MessageStore, type MessageToStore } from './message-store.js';

/** Where a transaction keeps the doorbells its publications ring once it commits. */
const RINGS_AFTER_COMMIT = 'kernel:ringsAfterCommit';

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
export class EventBus implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly registry: ActorRegistry,
    private readonly store: MessageStore,
    private readonly doorbells: Doorbells,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  onModuleDestroy(): void {
    const index = this.dataSource.subscribers.indexOf(this);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }

  async publish(tx: EntityManager, ...events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('EventBus.publish must be called with the EntityManager of an open transaction');
    this.registry.discover();
    const messages: MessageToStore[] = events.flatMap((envelope) =>
      this.registry.subscribersOf(envelope).map((actor) => ({ envelope, actor, runAt: envelope.deliverAt ? new Date(envelope.deliverAt) : null })),
    );
    await this.store.insert(tx, messages);
    const rings: Map<string, Ring[]> = runner.data?.[RINGS_AFTER_COMMIT] ?? new Map();
    for (const [actor, ring] of ringsFor(messages)) rings.set(actor, [...(rings.get(actor) ?? []), ...ring]);
    runner.data = { ...runner.data, [RINGS_AFTER_COMMIT]: rings };
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const rings: Map<string, Ring[]> | undefined = event.queryRunner.data?.[RINGS_AFTER_COMMIT];
    if (!rings) return;
    delete event.queryRunner.data[RINGS_AFTER_COMMIT];
    for (const [actor, ring] of rings) this.doorbells.ring(mailboxOf(actor), ring);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.data) delete event.queryRunner.data[RINGS_AFTER_COMMIT];
  }
}

/** One ring per actor for its due messages, one alarm per delayed message. Job ids come from event ids. */
function ringsFor(messages: readonly MessageToStore[]): Map<string, Ring[]> {
  const rings = new Map<string, Ring[]>();
  const dueByActor = new Map<string, string[]>();
  for (const { envelope, actor, runAt } of messages) {
    if (runAt && runAt.getTime() > Date.now()) {
      rings.set(actor, [...(rings.get(actor) ?? []), { jobId: `${actor}:${envelope.id}:at`, data: { eventIds: [envelope.id] }, at: runAt }]);
    } else {
      dueByActor.set(actor, [...(dueByActor.get(actor) ?? []), envelope.id]);
    }
  }
  for (const [actor, eventIds] of dueByActor) {
    rings.set(actor, [...(rings.get(actor) ?? []), { jobId: `${actor}:${eventIds[0]}`, data: { eventIds: eventIds.slice(0, 10) } }]);
  }
  return rings;
}
