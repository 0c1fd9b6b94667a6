import type { EventCatalogue } from '../../../domain/events.js';
import type { AttemptRecord, StoredDocument } from '../domain/stored-document.js';
import { webhookBodyOf } from '../domain/webhook-body.js';

/** Payloads of the events Delivery publishes, built in one place. */
export function documentFacts(document: StoredDocument) {
  return {
    documentId: document.id,
    clientId: document.clientId,
    environment: document.environment,
    kind: document.kind,
    type: document.type,
    userId: document.userId,
  };
}

export function succeededPayload(document: StoredDocument, attempt: AttemptRecord): EventCatalogue['delivery.succeeded'] {
  return { ...documentFacts(document), hookId: attempt.hookId, attempt: attempt.attempt, trigger: attempt.trigger, deliveryId: attempt.deliveryId };
}

export function failedPayload(
  document: StoredDocument,
  attempt: AttemptRecord,
  next: { nextAttemptNumber: number | null; nextAttemptAt: Date | null },
): EventCatalogue['delivery.failed'] {
  return {
    ...documentFacts(document),
    hookId: attempt.hookId,
    attempt: attempt.attempt,
    trigger: attempt.trigger,
    deliveryId: attempt.deliveryId,
    responseStatus: attempt.responseStatus,
    error: attempt.error,
    firstAttemptAt: (document.firstAttemptedAt ?? attempt.attemptedAt).toISOString(),
    nextAttemptNumber: next.nextAttemptNumber,
    nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null,
  };
}

export function exhaustedPayload(
  document: StoredDocument,
  hookId: string | null,
  reason: EventCatalogue['delivery.exhausted']['reason'],
): EventCatalogue['delivery.exhausted'] {
  return { ...documentFacts(document), hookId, attempts: document.attempts, reason, body: webhookBodyOf(document) };
}
