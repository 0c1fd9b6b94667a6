import type { DeliveryTrigger } from '../document.js';

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
  trigger: Extract<DeliveryTrigger, 'resend' | 'redeliver'>;
  /** A bulk resend waits for the hook's pause, rate and concurrency limits; a single request does not. */
  throttled?: boolean;
}

/** An attempt made now, on a client's explicit request. Provided by the Delivery module. */
export abstract class DocumentDelivery {
  /**
   * Null when the document is unknown (or belongs to another client). Throws `BodyGone` when its body
   * is no longer kept (purged after delivery, expired from the bucket, erased).
   */
  abstract deliverNow(request: DeliveryRequest): Promise<DeliveryOutcome | null>;
}
