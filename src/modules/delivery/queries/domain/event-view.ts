import type { DeliveryStatus, DeliveryTrigger, DocumentKind } from '../../../../domain/document.js';
import type { RejectedRecord } from '../../../../domain/ports/rejected-bucket.js';
import type { AttemptRecord, StoredDocument } from '../../ledger/domain/ledger-document.js';
import { apiStatusOf } from '../../ledger/domain/ledger-status.js';

export interface AttemptView {
  deliveryId: string;
  trigger: DeliveryTrigger;
  attemptedAt: string;
  responseStatus: number | null;
  responseDurationMs: number;
  error: string | null;
}

export interface RejectedView {
  bucket: string;
  key: string;
  storedAt: string;
  expiresAt: string;
  /** After its retention: gone from the rejected bucket, and whether the archive keeps it. */
  expired?: true;
  archived?: boolean;
}

/** A document as the events API shows it (API.md `GET /webhooks/v1/events/:id`). */
export interface EventView {
  id: string;
  eventName: string;
  kind: DocumentKind;
  status: DeliveryStatus;
  environment: string;
  partnerId: string;
  userId: string;
  createdAt: string;
  lastAttemptedAt: string | null;
  nextAttemptAt: string | null;
  attempts: AttemptView[];
  rejected?: RejectedView;
  /** When the body of a delivered document was removed (DELIVERED_RETENTION). */
  bodyPurgedAt?: string;
}

/** `rejected`: what RejectedStore keeps of the document, if anything. */
export function eventViewOf(document: StoredDocument, attempts: readonly AttemptRecord[], rejected?: RejectedRecord): EventView {
  const view: EventView = {
    id: document.id,
    eventName: document.type,
    kind: document.kind,
    status: apiStatusOf(document.status),
    environment: document.environment,
    partnerId: document.clientId,
    userId: document.userId,
    createdAt: document.createdAt.toISOString(),
    lastAttemptedAt: document.lastAttemptedAt?.toISOString() ?? null,
    nextAttemptAt: document.dueAt?.toISOString() ?? null,
    attempts: [...attempts].sort((a, b) => a.attempt - b.attempt).map(attemptViewOf),
  };
  if (document.status === 'Stored' && rejected) view.rejected = rejectedViewOf(rejected);
  if (document.bodyPurgedAt) view.bodyPurgedAt = document.bodyPurgedAt.toISOString();
  return view;
}

/** Present while the document waits in the rejected bucket, and after its retention ran out; gone once a resend is accepted. */
function rejectedViewOf(rejected: RejectedRecord): RejectedView {
  const view: RejectedView = { bucket: rejected.bucket, key: rejected.key, storedAt: rejected.storedAt.toISOString(), expiresAt: rejected.expiresAt.toISOString() };
  return rejected.expiredAt ? { ...view, expired: true, archived: rejected.archived } : view;
}

function attemptViewOf(attempt: AttemptRecord): AttemptView {
  return {
    deliveryId: attempt.deliveryId,
    trigger: attempt.trigger,
    attemptedAt: attempt.attemptedAt.toISOString(),
    responseStatus: attempt.responseStatus,
    responseDurationMs: attempt.responseDurationMs,
    error: attempt.error,
  };
}
