import type { DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';

/** A document that exhausted its attempts, as the rejected store keeps it. */
export interface RejectedDocument {
  documentId: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  type: string;
  userId: string;
  bucket: string;
  key: string;
  attempts: number;
  storedAt: Date;
  expiresAt: Date;
  expiredAt: Date | null;
  removedAt: Date | null;
}

/** `<clientId>/<kind>/<yyyy>/<mm>/<dd>/<documentId>.json`, dated by the UTC day of storage. */
export function objectKey(document: { clientId: string; kind: DocumentKind; documentId: string }, storedAt: Date): string {
  const [yyyy, mm, dd] = storedAt.toISOString().slice(0, 10).split('-');
  return `${document.clientId}/${document.kind}/${yyyy}/${mm}/${dd}/${document.documentId}.json`;
}

export function expiryOf(storedAt: Date, retentionMs: number): Date {
  return new Date(storedAt.getTime() + retentionMs);
}

/** Waiting in the bucket: neither delivered since nor past its retention. */
export function isWaiting(document: RejectedDocument, now: Date): boolean {
  return document.removedAt === null && document.expiredAt === null && document.expiresAt.getTime() > now.getTime();
}
