import { DomainError } from './errors.js';

/** A position in a list ordered by (time, id): the last item a page showed. */
export interface ListPosition {
  at: Date;
  id: string;
}

export class InvalidCursor extends DomainError {
  constructor() {
    super('INVALID_CURSOR', 'invalid', 'cursor is not one this API returned');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of a small JSON pair, so pages stay stable while items come and go. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(text: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursor();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursor();
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) throw new InvalidCursor();
  return { at: date, id };
}
