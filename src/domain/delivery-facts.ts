import type { DomainEvent } from './events.js';

/** A failed attempt after which another is scheduled (the last failure leads to storage instead). */
export function hasNextAttempt(event: DomainEvent<'delivery.failed'>): boolean {
  return event.payload.nextAttemptNumber !== null;
}

/** An accepted delivery a client asked for (resend, redeliver), as opposed to a scheduled one. */
export function isRequestedDelivery(event: DomainEvent<'delivery.succeeded'>): boolean {
  return event.payload.trigger === 'resend' || event.payload.trigger === 'redeliver';
}
