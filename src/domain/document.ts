export const DOCUMENT_KINDS = ['event', 'summary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DELIVERY_STATUSES = ['Pending', 'Success', 'Failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_TRIGGERS = ['initial', 'retry', 'resend', 'redeliver'] as const;
export type DeliveryTrigger = (typeof DELIVERY_TRIGGERS)[number];

/** The body POSTed to a Data Webhook, and stored as-is in the rejected bucket. */
export interface DataWebhookBody {
  id: string;
  kind: DocumentKind;
  type: string;
  environment: string;
  user_id: string;
  created_at: string;
  data: Record<string, unknown>;
}
