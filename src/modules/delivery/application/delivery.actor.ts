import { Actor, EventBus, On, OnBatch, type BatchContext } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { afterFailedScheduledAttempt } from '../domain/attempt-outcome.js';
import { NoDataHook } from '../domain/delivery.errors.js';
import { DocumentStore } from '../infrastructure/document-store.js';
import { DataHookPoster } from './data-hook-poster.js';
import { exhaustedPayload, failedPayload, succeededPayload } from './delivery-events.js';

/** Mailbox concurrency: attempts mostly wait on the network, so many run at once. */
const DELIVERY_CONCURRENCY = 128;

/**
 * Makes the scheduled attempts of each document (the initial one, then each retry.due) and keeps
 * the events API's view of what the rejected store did with it.
 */
// A copy of a scheduled attempt finds it taken or recorded, and stored/expired updates are idempotent.
@Actor('delivery', { concurrency: DELIVERY_CONCURRENCY, idempotentHandlers: true })
export class DeliveryActor {
  constructor(
    private readonly store: DocumentStore,
    private readonly hooks: HookDirectory,
    private readonly poster: DataHookPoster,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  @OnBatch('document.received')
  async deliverFirstTime(events: DomainEvent<'document.received'>[], context: BatchContext): Promise<void> {
    await this.attemptScheduled(
      events.map((event) => ({ event, scheduledAttempt: 1 })),
      context,
    );
  }

  @OnBatch('retry.due')
  async deliverAgain(events: DomainEvent<'retry.due'>[], context: BatchContext): Promise<void> {
    await this.attemptScheduled(
      events.map((event) => ({ event, scheduledAttempt: event.payload.attempt })),
      context,
    );
  }

  @On('document.stored')
  async rememberStored(event: DomainEvent<'document.stored'>): Promise<void> {
    const { documentId, bucket, key, storedAt, expiresAt } = event.payload;
    await this.store.markStored(documentId, { bucket, key, storedAt: new Date(storedAt), expiresAt: new Date(expiresAt) });
  }

  @On('document.expired')
  async rememberExpired(event: DomainEvent<'document.expired'>): Promise<void> {
    await this.store.markExpired(event.payload.documentId, new Date(event.payload.expiredAt));
  }

  /**
   * A batch of scheduled attempts: one statement takes their attempt numbers, the POSTs run side by side,
   * and one transaction records them all with the events they lead to.
   */
  private async attemptScheduled(items: ScheduledItem[], context: BatchContext): Promise<void> {
    const hooks = new Map<string, HookTarget>();
    for (const { event } of items) {
      const hook = await this.hooks.find(event.payload.clientId, event.payload.environment, 'data');
      // Data hooks are never removed, so this is a broken invariant: throwing keeps the messages for a look.
      if (!hook) throw new NoDataHook(event.payload.clientId, event.payload.environment);
      hooks.set(event.id, hook);
    }
    const skipping = items.filter(({ event, scheduledAttempt }) => scheduledAttempt === 1 && hooks.get(event.id)!.status === 'Suspended');
    const attempting = items.filter((item) => !skipping.includes(item));

    const startedAt = new Date();
    const taken = await this.store.takeScheduledAttempts(
      attempting.map(({ event, scheduledAttempt }) => ({ documentId: event.payload.documentId, scheduledAttempt })),
      startedAt,
    );
    // Delivered, skipped, stored, or that attempt already recorded: nothing to do for the others.
    const posted = await Promise.all(
      taken.map((document) => {
        const item = attempting.find(({ event, scheduledAttempt }) => event.payload.documentId === document.id && scheduledAttempt === document.scheduledAttempt)!;
        const hook = hooks.get(item.event.id)!;
        const trigger = document.scheduledAttempt === 1 ? 'initial' : 'retry';
        return context.limit(async () => ({ item, document, hook, ...(await this.poster.post(document, hook, trigger, document.scheduledAttempt, startedAt)) }));
      }),
    );

    await context.transaction(async (tx, claimed) => {
      const events: DomainEvent[] = [];
      for (const { event } of skipping.filter(({ event }) => claimed.has(event.id))) {
        const skipped = await this.store.markSkipped(tx, event.payload.documentId);
        if (skipped) events.push(createEvent('delivery.exhausted', exhaustedPayload(skipped, hooks.get(event.id)!.id, 'hook_suspended'), { cause: event }));
      }
      const fresh = posted.filter(({ item }) => claimed.has(item.event.id));
      const outcomes = fresh.map((attempt) => ({
        ...attempt,
        after: attempt.accepted
          ? null
          : afterFailedScheduledAttempt(attempt.document.scheduledAttempt, attempt.document.firstAttemptedAt ?? startedAt, this.config.retryScheduleMs),
      }));
      const recorded = await this.store.recordScheduledAttempts(
        tx,
        outcomes.map(({ record, accepted, after }) => ({ record, effect: { accepted, scheduled: true, nextAttemptAt: after?.nextAttemptAt ?? null } })),
      );
      // An attempt not recorded was recorded first by another copy of its message: it stands, and so do its events.
      for (const { item, document, hook, record, after } of outcomes.filter(({ record }) => recorded.has(record.deliveryId))) {
        const cause = { cause: item.event };
        if (!after) {
          events.push(createEvent('delivery.succeeded', succeededPayload(document, record), cause));
          continue;
        }
        events.push(createEvent('delivery.failed', failedPayload(document, record, after), cause));
        if (after.exhausted) events.push(createEvent('delivery.exhausted', exhaustedPayload(document, hook.id, 'retries_exhausted'), cause));
      }
      await this.bus.publish(tx, ...events);
    });
  }
}

interface ScheduledItem {
  event: DomainEvent<'document.received' | 'retry.due'>;
  scheduledAttempt: number;
}
