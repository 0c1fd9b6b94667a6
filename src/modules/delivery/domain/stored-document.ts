import type { DeliveryStatus, DeliveryTrigger, DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';

export const SKIPPED_REASONS = ['hook_suspended'] as const;
export type SkippedReason = (typeof SKIPPED_REASONS)[number];

/** A document as Delivery keeps it, from its arrival to its last attempt (the body stays after delivery, so it can be redelivered). */
export interface StoredDocument extends NewDocument {
  status: DeliveryStatus;
  createdAt: Date;
  firstAttemptedAt: Date | null;
  lastAttemptedAt: Date | null;
  nextAttemptAt: Date | null;
  /** Attempts made (or begun: a number is taken before the POST so the header and the record agree). */
  attempts: number;
  skippedReason: SkippedReason | null;
  rejectedBucket: string | null;
  rejectedKey: string | null;
  storedAt: Date | null;
  expiresAt: Date | null;
  expiredAt: Date | null;
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

/** A document as a producer hands it over, validated. */
export interface NewDocument {
  id: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
  data: Record<string, unknown>;
}
