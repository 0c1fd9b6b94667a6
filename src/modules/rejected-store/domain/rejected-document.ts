import type { DocumentKind } from '../../../domain/document.js';

/** `<clientId>/<kind>/<yyyy>/<mm>/<dd>/<documentId>.json`, dated by the UTC day of storage. */
export function objectKey(document: { clientId: string; kind: DocumentKind; documentId: string }, storedAt: Date): string {
  const [yyyy, mm, dd] = storedAt.toISOString().slice(0, 10).split('-');
  return `${document.clientId}/${document.kind}/${yyyy}/${mm}/${dd}/${document.documentId}.json`;
}

export function expiryOf(storedAt: Date, retentionMs: number): Date {
  return new Date(storedAt.getTime() + retentionMs);
}
