import { hasNextAttempt } from '../../../domain/delivery-facts.js';
import { Actor, EventBus, On, type MessageContext } from '../../../../libs/kernel/index.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import { retryDueFor } from '../domain/retry-due.js';

/** Turns each failed attempt that has a next one into a retry.due delayed until its time, in Redis. */
@Actor('retry')
export class RetryActor {
  constructor(private readonly bus: EventBus) {}

  @On('delivery.failed', { when: hasNextAttempt })
  async scheduleNextAttempt(event: DomainEvent<'delivery.failed'>, context: MessageContext): Promise<void> {
    const due = retryDueFor(event);
    if (!due) return;
    await context.transaction((tx) =>
      this.bus.publish(tx, createEvent('retry.due', due.payload, { cause: event, deliverAt: due.deliverAt, id: due.id })),
    );
  }
}
