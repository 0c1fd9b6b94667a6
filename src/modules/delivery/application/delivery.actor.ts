import { Actor, EventBus, MessageAlreadyHandled, On, type MessageContext } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import { HookDirectory } from '../../../domain/ports/hook-directory.js';
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
@Actor('delivery', { concurrency: DELIVERY_CONCURRENCY })
export class DeliveryActor {
  constructor(
    private readonly store: DocumentStore,
    private readonly hooks: HookDirectory,
    private readonly poster: DataHookPoster,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  @On('document.received')
  async deliverFirstTime(event: DomainEvent<'document.received'>, context: MessageContext): Promise<void> {
    await this.attemptScheduled(event, 1, context);
  }

  @On('retry.due')
  async deliverAgain(event: DomainEvent<'retry.due'>, context: MessageContext): Promise<void> {
    await this.attemptScheduled(event, event.payload.attempt, context);
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

  private async attemptScheduled(event: DomainEvent<'document.received' | 'retry.due'>, scheduledAttempt: number, context: MessageContext): Promise<void> {
    const { documentId, clientId, environment } = event.payload;
    const hook = await this.hooks.find(clientId, environment, 'data');
    // Data hooks are never removed, so this is a broken invariant: throwing keeps the message for a look.
    if (!hook) throw new NoDataHook(clientId, environment);

    if (hook.status === 'Suspended' && scheduledAttempt === 1) {
      await context.transaction(async (tx) => {
        const skipped = await this.store.markSkipped(tx, documentId);
        if (!skipped) return;
        await this.bus.publish(tx, createEvent('delivery.exhausted', exhaustedPayload(skipped, hook.id, 'hook_suspended'), { cause: event }));
      });
      return;
    }

    const startedAt = new Date();
    const document = await this.store.takeScheduledAttempt(documentId, scheduledAttempt, startedAt);
    if (!document) return; // delivered, skipped, stored, or this attempt is already recorded
    const { record, accepted } = await this.poster.post(document, hook, scheduledAttempt === 1 ? 'initial' : 'retry', scheduledAttempt, startedAt);

    await context.transaction(async (tx) => {
      const after = accepted ? null : afterFailedScheduledAttempt(scheduledAttempt, document.firstAttemptedAt ?? startedAt, this.config.retryScheduleMs);
      const recorded = await this.store.recordAttempt(tx, record, { accepted, scheduled: true, nextAttemptAt: after?.nextAttemptAt ?? null });
      // Another copy of this message recorded the attempt first: roll back and let it stand.
      if (!recorded) throw new MessageAlreadyHandled(event.id, context.actor);
      if (!after) {
        await this.bus.publish(tx, createEvent('delivery.succeeded', succeededPayload(document, record), { cause: event }));
        return;
      }
      const failed = createEvent('delivery.failed', failedPayload(document, record, after), { cause: event });
      if (!after.exhausted) {
        await this.bus.publish(tx, failed);
        return;
      }
      const exhausted = createEvent('delivery.exhausted', exhaustedPayload(document, hook.id, 'retries_exhausted'), { cause: event });
      await this.bus.publish(tx, failed, exhausted);
    });
  }
}
