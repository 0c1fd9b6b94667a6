import type { DeliveryTrigger, DocumentKind, ExhaustionReason } from '../../../../domain/document.js';
import type { Environment } from '../../../../domain/environment.js';
import type { LedgerStatus } from './ledger-status.js';

/** A document as a producer hands it over, validated. `data` is any JSON value. */
export interface NewDocument {
  id: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
  data: unknown;
}

/** What the webhook body is made of: the document's facts and its data as JSON text. */
export interface BodySource {
  id: string;
  kind: DocumentKind;
  type: string;
  environment: Environment;
  userId: string;
  createdAt: Date;
  /** The producer's `data` as JSON text. */
  data: string;
}

/** A Pending document a worker leased from the delivery queue for one step: an attempt of the schedule, or storage in the rejected bucket. */
export interface LeasedDocument extends BodySource {
  clientId: string;
  hookId: string;
  /** This attempt's number over every attempt of the document (x-delivery-attempt). */
  attempts: number;
  /** This attempt's number in the schedule: 1 initial, 2.. retries. */
  scheduledAttempts: number;
  firstAttemptedAt: Date;
  exhaustedReason: ExhaustionReason | null;
  storeAttempts: number;
  /** The producer's trace at ingest (W3C traceparent), when tracing was on. */
  traceParent: string | null;
}

/** A document as the events API and requested deliveries read it: its record, and while Pending its place in the queue. */
export interface StoredDocument {
  id: string;
  clientId: string;
  hookId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
  status: LedgerStatus;
  createdAt: Date;
  attempts: number;
  lastAttemptedAt: Date | null;
  /** While Pending: when its next step (an attempt, or storage once exhausted) is due. */
  dueAt: Date | null;
  exhaustedReason: ExhaustionReason | null;
  /** When the body of a delivered document was removed after DELIVERED_RETENTION. */
  bodyPurgedAt: Date | null;
  /** The ingest span as a W3C traceparent (null: ingested while tracing was off). */
  traceParent: string | null;
}

/** One POST to a data hook, whatever came of it. */
export interface AttemptRecord {
  deliveryId: string;
  documentId: string;
  /** The document's creation: its attempts live in the partition of its time. */
  documentCreatedAt: Date;
  attempt: number;
  /** 1 for the initial attempt, 2.. for retries; null for resends and redeliveries. */
  scheduledAttempt: number | null;
  trigger: DeliveryTrigger;
  hookId: string;
  attemptedAt: Date;
  responseStatus: number | null;
  responseDurationMs: number;
  error: string | null;
  accepted: boolean;
}

/** A document an erasure cancelled while it waited for the rejected bucket: a worker may have written its object without recording it. */
export interface CancelledForStorage {
  id: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  createdAt: Date;
}
