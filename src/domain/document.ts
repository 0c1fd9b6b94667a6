import type { Environment } from './environment.js';

export const DOCUMENT_KINDS = ['event', 'summary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document's status as the API names it. Inside, Delivery says `Stored` for `Failed` (modules/delivery/ledger/domain/ledger-status.ts). */
export const DELIVERY_STATUSES = ['Pending', 'Success', 'Failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_TRIGGERS = ['initial', 'retry', 'resend', 'redeliver', 'replay'] as const;
export type DeliveryTrigger = (typeof DELIVERY_TRIGGERS)[number];

/** Why a document goes to the rejected bucket: its retries ran out, its hook was suspended, or the receiver said 410 Gone. */
export type ExhaustionReason = 'retries_exhausted' | 'hook_suspended' | 'gone';

/** Where an object is kept in S3. */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

/** The document facts every module may know; the body (`data`) is not among them. */
export interface DocumentHeader {
  documentId: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
}
