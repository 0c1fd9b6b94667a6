import { createHash } from 'node:crypto';
import type { DomainEvent, EventCatalogue } from '../../../domain/events.js';

/** What a failed attempt schedules: the next attempt's retry.due, or nothing when none is left. */
export function retryDueFor(failed: DomainEvent<'delivery.failed'>): { payload: EventCatalogue['retry.due']; deliverAt: Date; id: string } | null {
  const { documentId, clientId, environment, nextAttemptNumber, nextAttemptAt } = failed.payload;
  if (nextAttemptNumber === null || nextAttemptAt === null) return null;
  return {
    payload: { documentId, clientId, environment, attempt: nextAttemptNumber },
    deliverAt: new Date(nextAttemptAt),
    id: retryDueId(documentId, nextAttemptNumber),
  };
}

/**
 * One id per (document, attempt): should Delivery report the same failure twice, both copies
 * schedule the very same message, which the mailbox and the inbox then take once.
 */
export function retryDueId(documentId: string, attempt: number): string {
  const hex = createHash('sha256').update(`retry.due:${documentId}:${attempt}`).digest('hex');
  // Shaped as a version-5-style UUID so it fits the uuid columns of the outbox and inbox.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
