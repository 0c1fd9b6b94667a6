import type { EventEnvelope } from '../../libs/kernel/envelope.js';
import type { DeliveryTrigger, DocumentKind, ExhaustionReason, ObjectLocation } from './document.js';
import type { Environment } from './environment.js';
import { newId } from './ids.js';

/** Where documents went: every document of one round of delivery belongs to one hook, so to one client and environment. */
interface HookFacts {
  hookId: string;
  clientId: string;
  environment: Environment;
}

/** What every module may know of a document: not its body. */
interface DocumentFacts {
  documentId: string;
  kind: DocumentKind;
  type: string;
  userId: string;
}

interface AttemptFacts {
  attempt: number;
  trigger: DeliveryTrigger;
  deliveryId: string;
}

interface UserFacts {
  clientId: string;
  environment: Environment;
  userId: string;
}

export const EXTRACTION_FAILURE_REASONS = ['data_source_failure', 'user_information_unavailable', 'credentials', 'permissions'] as const;
export type ExtractionFailureReason = (typeof EXTRACTION_FAILURE_REASONS)[number];

/**
 * Every fact the modules tell each other, by type. Past tense: each is something that happened.
 * No fact carries a document body: a body stays with Delivery (PostgreSQL) or in a bucket. Delivery
 * tells its facts a round at a time (up to a hundred documents of one hook), so a message serves many.
 */
export interface EventCatalogue {
  /**
   * Attempts were accepted: one round of a hook's scheduled attempts, or one attempt a client asked for.
   * `fromBucket` is where a document waited when a client's request delivered it from there.
   */
  'delivery.succeeded': HookFacts & { documents: (DocumentFacts & AttemptFacts & { fromBucket: ObjectLocation | null })[] };
  /** Attempts were not accepted. A document's `nextAttemptNumber` is null when none follows (requested attempts, the last one). */
  'delivery.failed': HookFacts & {
    documents: (DocumentFacts &
      AttemptFacts & { responseStatus: number | null; error: string | null; nextAttemptNumber: number | null; nextAttemptAt: string | null })[];
  };
  /** No more attempts will be made: the documents go to the rejected bucket. */
  'delivery.exhausted': HookFacts & { documents: (DocumentFacts & { attempts: number; reason: ExhaustionReason })[] };
  'document.stored': HookFacts & { documents: (DocumentFacts & ObjectLocation & { storedAt: string; expiresAt: string })[] };
  /** A hook's receiver answered 410 Gone to a scheduled delivery or a notification: it will not accept again. */
  'receiver.gone': HookFacts;
  /** A Restarting notification hook's receiver accepted a notification (a data hook's says so with delivery.succeeded). */
  'receiver.accepted': HookFacts;
  'hook.suspended': { hookId: string; clientId: string; environment: Environment };
  'hook.restored': { hookId: string; clientId: string; environment: Environment };
  /** A notification that was not accepted is due for its next attempt (published as a delayed message). */
  'notification.retry_due': { notificationId: string; attempt: number; notificationCreatedAt?: string };
  'user.created': UserFacts;
  'data_source.linked': UserFacts & { dataSource: string };
  'data_source.unlinked': UserFacts & { dataSource: string };
  'extraction.failed': UserFacts & { dataSource: string; reason: ExtractionFailureReason };
}

export type EventType = keyof EventCatalogue;
export type DomainEvent<T extends EventType = EventType> = EventEnvelope<T, EventCatalogue[T]>;

/** The catalogue's types at run time: the kernel checks at start that each has a handler or is terminal. */
export const EVENT_TYPES = [
  'delivery.succeeded',
  'delivery.failed',
  'delivery.exhausted',
  'document.stored',
  'receiver.gone',
  'receiver.accepted',
  'hook.suspended',
  'hook.restored',
  'notification.retry_due',
  'user.created',
  'data_source.linked',
  'data_source.unlinked',
  'extraction.failed',
] as const satisfies readonly EventType[];

// Fails the build when the list above misses a type of the catalogue.
type Missing = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
const everyTypeListed: [Missing] extends [never] ? true : Missing = true;
void everyTypeListed;

/** Facts kept for the record only: no handler is needed. */
export const TERMINAL_EVENTS: readonly EventType[] = [];

export interface EventOptions {
  /** The message this event follows from: its correlation is carried over. */
  cause?: EventEnvelope;
  /** Handle no earlier than this instant. */
  deliverAt?: Date;
  /** A deterministic id, where a repeated action must publish the very same event. */
  id?: string;
}

export function createEvent<T extends EventType>(type: T, payload: EventCatalogue[T], options: EventOptions = {}): DomainEvent<T> {
  const id = options.id ?? newId();
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
