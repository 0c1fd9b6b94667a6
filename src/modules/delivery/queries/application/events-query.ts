import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '../../../../domain/document.js';
import type { Environment } from '../../../../domain/environment.js';
import { RejectedBucket, type RejectedRecord } from '../../../../domain/ports/rejected-bucket.js';
import { DocumentNotFound } from '../../ledger/domain/delivery.errors.js';
import { decodeCursor, encodeCursor } from '../../../../domain/cursor.js';
import { eventViewOf, type EventView } from '../domain/event-view.js';
import { ledgerStatusOf } from '../../ledger/domain/ledger-status.js';
import { DocumentLookup, type DocumentWithAttempts } from '../../ledger/index.js';

export interface EventsPageRequest {
  /** The client to list; null for an operator listing every client. */
  clientId: string | null;
  environment?: Environment;
  status?: DeliveryStatus;
  limit: number;
  cursor?: string;
}

/** The events API's reads: a document with its attempts (and, once stored, what RejectedStore keeps of it), and keyset-paginated lists of them. */
@Injectable()
export class EventsQuery {
  constructor(
    private readonly store: DocumentLookup,
    private readonly bucket: RejectedBucket,
  ) {}

  async one(id: string, clientId: string | null): Promise<EventView> {
    const found = await this.store.findWithAttempts(id, clientId);
    if (!found) throw new DocumentNotFound();
    const [view] = await this.views([found]);
    return view;
  }

  async page(request: EventsPageRequest): Promise<{ items: EventView[]; nextCursor: string | null }> {
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    // One more than asked tells whether another page exists.
    const found = await this.store.list({ clientId: request.clientId, environment: request.environment, status: request.status && ledgerStatusOf(request.status), after, limit: request.limit + 1 });
    const items = found.slice(0, request.limit);
    const last = items.at(-1)?.document;
    return {
      items: await this.views(items),
      nextCursor: found.length > request.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }

  private async views(found: readonly DocumentWithAttempts[]): Promise<EventView[]> {
    const stored = found.filter(({ document }) => document.status === 'Stored').map(({ document }) => document.id);
    const rejected: Map<string, RejectedRecord> = stored.length > 0 ? await this.bucket.whereabouts(stored) : new Map();
    return found.map(({ document, attempts }) => eventViewOf(document, attempts, rejected.get(document.id)));
  }
}
