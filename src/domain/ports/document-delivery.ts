import type { DeliveryTrigger } from '../document.js';
import type { KeptDocument } from './rejected-bucket.js';

export interface DeliveryOutcome {
  documentId: string;
  clientId: string;
  hookId: string;
  deliveryId: string;
  delivered: boolean;
  responseStatus: number | null;
  responseDurationMs: number;
  attemptedAt: string;
  error: string | null;
}

export interface DeliveryRequest {
  documentId: string;
  /** Limits the lookup to one client; null for an operator. */
  clientId: string | null;
  trigger: Extract<DeliveryTrigger, 'resend' | 'redeliver' | 'replay'>;
  /**
   * A bulk resend or a replay waits for the hook's rate and concurrency limits, and for its pause: a wait longer than
   * a second throws the kernel's NotYet (until when), so the job hands the document back and frees its slot. A single
   * request does not wait.
   */
  throttled?: boolean;
  /** Told once a throttled attempt is let through the hook's gate (or will not be made): a replay lets its next document queue then. */
  onAdmitted?: () => void;
  /** Stops the attempt (before or during the POST) when the job that asked for it lost its lease. */
  signal?: AbortSignal;
  /**
   * A document RejectedStore keeps, as it knows it: sent from its object even when the document's own record is
   * gone after EVENT_RETENTION (a restore from the archive may bring back an old document).
   */
  kept?: KeptDocument;
}

/** An attempt made now, on a client's explicit request. Provided by the Delivery module. */
export abstract class DocumentDelivery {
  /**
   * Null when the document is unknown (or belongs to another client). Throws `BodyGone` when its body
   * is no longer kept (purged after delivery, expired from the bucket, erased).
   */
  abstract deliverNow(request: DeliveryRequest): Promise<DeliveryOutcome | null>;

  /** Whether the document's data webhook has accepted it (Success), whatever delivered it. */
  abstract wasDelivered(documentId: string): Promise<boolean>;
}
