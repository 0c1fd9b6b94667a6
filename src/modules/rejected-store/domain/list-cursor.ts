import { RejectedStoreInvalidInput } from './errors.js';

/** Where a page of the listing ends: the last (storedAt, documentId) it showed. */
export interface ListPosition {
  storedAt: Date;
  documentId: string;
}

/** Opaque to clients: base64url of the last position, so pages stay stable while documents come and go. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.storedAt.toISOString(), position.documentId])).toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const [storedAt, documentId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(storedAt));
    if (typeof storedAt !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad date');
    if (typeof documentId !== 'string' || !UUID.test(documentId)) throw new Error('bad id');
    return { storedAt: date, documentId };
  } catch {
    throw new RejectedStoreInvalidInput('REJECTED.INVALID_CURSOR', 'cursor is not one this API returned');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
