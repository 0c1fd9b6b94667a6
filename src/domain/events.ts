import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../libs/kernel/envelope.js';
import type { DataWebhookBody, DeliveryTrigger, DocumentKind } from './document.js';
import type { Environment } from './environment.js';

interface DocumentRef {
  documentId: string;
  clientId: string;
  environment: Environment;
}

interface DocumentFacts extends DocumentRef {
  kind: DocumentKind;
  type: string;
  userId: string;
}

interface UserFacts {
  clientId: string;
  environment: Environment;
  userId: string;
}

export const EXTRACTION_FAILURE_REASONS = ['data_source_failure', 'user_information_unavailable', 'credentials', 'permissions'] as const;
export type ExtractionFailureReason = (typeof EXTRACTION_FAILURE_REASONS)[number];

/** Every fact the modules tell each other, by type. Past tense: each is something that happened. */
export interface EventCatalogue {
  /** A producer handed over a document; it is stored and waiting for its first attempt. */
  'document.received': DocumentRef;
  'delivery.succeeded': DocumentFacts & { hookId: string; attempt: number; trigger: DeliveryTrigger; deliveryId: string };
  /** An attempt was not accepted. `nextAttemptNumber` is null when the schedule has no attempt left. */
  'delivery.failed': DocumentFacts & {
    hookId: string;
    attempt: number;
    trigger: DeliveryTrigger;
    deliveryId: string;
    responseStatus: number | null;
    error: string | null;
    firstAttemptAt: string;
    nextAttemptNumber: number | null;
    nextAttemptAt: string | null;
  };
  /** No more attempts will be made: the document must go to the rejected bucket. */
  'delivery.exhausted': DocumentFacts & {
    hookId: string | null;
    attempts: number;
    reason: 'retries_exhausted' | 'hook_suspended';
    body: DataWebhookBody;
  };
  /** A scheduled retry's time has come (published as a delayed message). */
  'retry.due': DocumentRef & { attempt: number };
  'document.stored': DocumentFacts & { bucket: string; key: string; storedAt: string; expiresAt: string };
  'document.expired': DocumentRef & { bucket: string; key: string; expiredAt: string };
  'hook.suspended': { hookId: string; clientId: string; environment: Environment };
  'hook.restored': { hookId: string; clientId: string; environment: Environment };
  /** A notification that was not accepted is due for its next attempt (published as a delayed message). */
  'notification.retry_due': { notificationId: string; attempt: number };
  'user.created': UserFacts;
  'data_source.linked': UserFacts & { dataSource: string };
  'data_source.unlinked': UserFacts & { dataSource: string };
  'extraction.failed': UserFacts & { dataSource: string; reason: ExtractionFailureReason };
}

export type EventType = keyof EventCatalogue;
export type DomainEvent<T extends EventType = EventType> = EventEnvelope<T, EventCatalogue[T]>;

/** Event types that would be lost without a handler: start-up fails if none is registered. */
export const EVENTS_REQUIRING_HANDLER: readonly EventType[] = [
  'document.received',
  'retry.due',
  'delivery.failed',
  'delivery.exhausted',
  'notification.retry_due',
];

export interface EventOptions {
  /** The message this event follows from: its correlation is carried over. */
  cause?: EventEnvelope;
  /** Handle no earlier than this instant. */
  deliverAt?: Date;
  /** A deterministic id, where a repeated action must publish the very same event. */
  id?: string;
}

export function createEvent<T extends EventType>(type: T, payload: EventCatalogue[T], options: EventOptions = {}): DomainEvent<T> {
  const id = options.id ?? randomUUID();
  return {
    id,
    type,
    occurredAt: new Date().toISOString(),
    correlationId: options.cause?.correlationId ?? id,
    causationId: options.cause?.id ?? null,
    deliverAt: options.deliverAt?.toISOString() ?? null,
    payload,
  };
}
