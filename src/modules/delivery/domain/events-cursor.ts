import { DomainError } from '../../../domain/errors.js';

/** A position in the events list (newest first): the last item's creation time and id. */
export interface EventsCursor {
  createdAt: Date;
  id: string;
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('DELIVERY.INVALID_CURSOR', 'invalid', 'cursor is not one this API returned');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of a small JSON pair. */
export function encodeCursor(cursor: EventsCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): EventsCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursorError();
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) throw new InvalidCursorError();
  return { createdAt, id };
}
