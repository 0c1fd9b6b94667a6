import type { DataWebhookBody, DeliveryTrigger } from '../document.js';

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

/** An attempt made now, on a client's explicit request. Provided by the Delivery module. */
export abstract class DocumentDelivery {
  /** Null when the document is unknown (or, when clientId is given, belongs to another client). */
  abstract deliverNow(request: { documentId: string; clientId: string | null; trigger: Extract<DeliveryTrigger, 'resend' | 'redeliver'> }): Promise<DeliveryOutcome | null>;
  /** The body as it is delivered, or null when unknown. */
  abstract bodyOf(documentId: string): Promise<DataWebhookBody | null>;
}
