import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { DocumentNotFound } from '../domain/delivery.errors.js';
import { decodeCursor, encodeCursor } from '../../../domain/cursor.js';
import { eventViewOf, type EventView } from '../domain/event-view.js';
import { DocumentLookup } from './ports/document-lookup.js';

export interface EventsPageRequest {
  /** The client to list; null for an operator listing every client. */
  clientId: string | null;
  environment?: Environment;
  status?: DeliveryStatus;
  limit: number;
  cursor?: string;
}

/** The events API's reads: a document with its attempts, and keyset-paginated lists of them. */
@Injectable()
export class EventsQuery {
  constructor(private readonly store: DocumentLookup) {}

  async one(id: string, clientId: string | null): Promise<EventView> {
    const found = await this.store.findWithAttempts(id, clientId);
    if (!found) throw new DocumentNotFound();
    return eventViewOf(found.document, found.attempts);
  }

  async page(request: EventsPageRequest): Promise<{ items: EventView[]; nextCursor: string | null }> {
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    // One more than asked tells whether another page exists.
    const found = await this.store.list({ clientId: request.clientId, environment: request.environment, status: request.status, after, limit: request.limit + 1 });
    const items = found.slice(0, request.limit);
    const last = items.at(-1)?.document;
    return {
      items: items.map(({ document, attempts }) => eventViewOf(document, attempts)),
      nextCursor: found.length > request.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }
}
