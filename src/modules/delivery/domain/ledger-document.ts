import type { DeliveryStatus, DeliveryTrigger, DocumentKind, ExhaustionReason } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';

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

/** A document a worker leased for one step: an attempt of the schedule, or storage in the rejected bucket. */
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
}

/** A document as the events API and requested deliveries read it. */
export interface StoredDocument {
  id: string;
  clientId: string;
  hookId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
  data: string | null;
  status: DeliveryStatus;
  createdAt: Date;
  attempts: number;
  lastAttemptedAt: Date | null;
  nextAttemptAt: Date | null;
  exhaustedReason: ExhaustionReason | null;
  rejectedBucket: string | null;
  rejectedKey: string | null;
  storedAt: Date | null;
  expiresAt: Date | null;
  expiredAt: Date | null;
  archived: boolean;
  bodyPurgedAt: Date | null;
}

/** One POST to a data hook, whatever came of it. */
export interface AttemptRecord {
  deliveryId: string;
  documentId: string;
  attempt: number;
  /** 1 for the initial attempt, 2.. for retries; null for resends and redeliveries. */
  scheduledAttempt: number | null;
  trigger: DeliveryTrigger;
  hookId: string;
  attemptedAt: Date;
  responseStatus: number | null;
  responseDurationMs: number;
  error: string | null;
}

/** A document under an erasure, as the erasure reads it to find its objects. */
export type CancelledDocument = Pick<StoredDocument, 'id' | 'clientId' | 'environment' | 'kind' | 'rejectedBucket' | 'rejectedKey' | 'exhaustedReason' | 'createdAt' | 'storedAt'>;
