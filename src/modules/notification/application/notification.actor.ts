import { Actor, type MessageContext } from '../../../../libs/kernel/index.js';
import { On } from '../../../infrastructure/messaging/handlers.js';
import type { DomainEvent } from '../../../domain/events.js';
import { Notifier } from './notifier.js';

/**
 * Sends this many notifications at once per process: far more than one hook may have in flight (its maxInFlight,
 * HOOK_MAX_IN_FLIGHT by default), so a receiver that hangs holds a few of them and every other client's go on.
 */
const SENDS_AT_ONCE = 256;

/**
 * Turns facts into notifications. Its own mailbox: a slow or failing notification receiver
 * never holds up document delivery, and a notification never goes to the rejected bucket.
 */
@Actor('notification', { concurrency: SENDS_AT_ONCE })
export class NotificationActor {
  constructor(private readonly notifier: Notifier) {}

  @On('user.created')
  tellUserCreated(event: DomainEvent<'user.created'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('data_source.linked')
  tellDataSourceLinked(event: DomainEvent<'data_source.linked'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('data_source.unlinked')
  tellDataSourceUnlinked(event: DomainEvent<'data_source.unlinked'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('extraction.failed')
  tellExtractionFailed(event: DomainEvent<'extraction.failed'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('delivery.failed', { when: (event) => event.payload.documents.some((document) => document.nextAttemptNumber !== null) })
  tellDocumentRetrying(event: DomainEvent<'delivery.failed'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('document.stored')
  tellDocumentStored(event: DomainEvent<'document.stored'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('hook.suspended')
  tellRegistrationSuspended(event: DomainEvent<'hook.suspended'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('hook.restored')
  tellRegistrationRestored(event: DomainEvent<'hook.restored'>, context: MessageContext): Promise<void> {
    return this.notifier.notify(event, context);
  }

  @On('notification.retry_due')
  retryNotification(event: DomainEvent<'notification.retry_due'>, context: MessageContext): Promise<void> {
    return this.notifier.retry(event, context);
  }
}
