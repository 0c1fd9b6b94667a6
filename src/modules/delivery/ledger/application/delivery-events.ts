import type { ExhaustionReason, ObjectLocation } from '../../../../domain/document.js';
import { createEvent, type DomainEvent, type EventCatalogue } from '../../../../domain/events.js';
import type { StoredObject } from '../../../../domain/ports/rejected-bucket.js';
import type { AttemptRecord, StoredDocument } from '../domain/ledger-document.js';
import type { LedgerChange } from '../domain/transitions.js';

type DocumentLike = Pick<StoredDocument, 'id' | 'clientId' | 'hookId' | 'environment' | 'kind' | 'type' | 'userId'>;

export interface RecordedAttempt {
  document: DocumentLike;
  record: AttemptRecord;
  accepted: boolean;
  change: LedgerChange | null;
  fromBucket?: ObjectLocation | null;
}

/** The events Delivery publishes, built in one place: one of each kind per round, about every document it concerns. */
export function attemptEvents(attempts: readonly RecordedAttempt[]): DomainEvent[] {
  if (attempts.length === 0) return [];
  const hook = hookFacts(attempts[0].document);
  const accepted = attempts.filter((attempt) => attempt.accepted);
  const failed = attempts.filter((attempt) => !attempt.accepted);
  const exhausted = failed.filter(({ change }) => change?.exhaustedReason);
  const events: DomainEvent[] = [];
  if (accepted.length > 0) {
    events.push(
      createEvent('delivery.succeeded', {
        ...hook,
        documents: accepted.map(({ document, record, fromBucket }) => ({ ...documentFacts(document), ...attemptFacts(record), fromBucket: fromBucket ?? null })),
      }),
    );
  }
  if (failed.length > 0) events.push(createEvent('delivery.failed', { ...hook, documents: failed.map(failedDocument) }));
  if (exhausted.length > 0) {
    events.push(exhaustedEvent(exhausted.map(({ document, record, change }) => ({ document, attempts: record.attempt, reason: change!.exhaustedReason! }))));
  }
  return events;
}

export function exhaustedEvent(documents: readonly { document: DocumentLike; attempts: number; reason: ExhaustionReason }[]): DomainEvent<'delivery.exhausted'> {
  return createEvent('delivery.exhausted', {
    ...hookFacts(documents[0].document),
    documents: documents.map(({ document, attempts, reason }) => ({ ...documentFacts(document), attempts, reason })),
  });
}

export function storedEvent(stored: readonly { document: DocumentLike; object: StoredObject }[]): DomainEvent<'document.stored'> {
  return createEvent('document.stored', {
    ...hookFacts(stored[0].document),
    documents: stored.map(({ document, object }) => ({
      ...documentFacts(document),
      bucket: object.bucket,
      key: object.key,
      storedAt: object.storedAt.toISOString(),
      expiresAt: object.expiresAt.toISOString(),
    })),
  });
}

function hookFacts(document: DocumentLike) {
  return { hookId: document.hookId, clientId: document.clientId, environment: document.environment };
}

function documentFacts(document: DocumentLike) {
  return { documentId: document.id, kind: document.kind, type: document.type, userId: document.userId };
}

function attemptFacts(record: AttemptRecord) {
  return { attempt: record.attempt, trigger: record.trigger, deliveryId: record.deliveryId };
}

function failedDocument({ document, record, change }: RecordedAttempt): EventCatalogue['delivery.failed']['documents'][number] {
  const retried = change !== null && change.exhaustedReason === null && change.dueAt !== null && record.scheduledAttempt !== null;
  return {
    ...documentFacts(document),
    ...attemptFacts(record),
    responseStatus: record.responseStatus,
    error: record.error,
    nextAttemptNumber: retried ? record.scheduledAttempt! + 1 : null,
    nextAttemptAt: retried ? change!.dueAt!.toISOString() : null,
  };
}
