import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../../../domain/cursor.js';
import type { DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { DocumentDelivery, type DeliveryOutcome } from '../../../domain/ports/document-delivery.js';
import { RejectedDocumentNotFound } from '../domain/errors.js';
import type { RejectedDocument } from '../domain/kept-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';

export interface ListQuery {
  clientId: string | null;
  environment?: Environment;
  kind?: DocumentKind;
  limit: number;
  cursor?: string;
}

/** What a client does with its documents waiting in the bucket: list, download, resend. */
@Injectable()
export class RejectedDocumentsService {
  constructor(
    private readonly records: RejectedRecords,
    private readonly objects: RejectedObjects,
    private readonly delivery: DocumentDelivery,
  ) {}

  async list(query: ListQuery): Promise<{ items: RejectedDocument[]; nextCursor: string | null }> {
    const position = query.cursor ? decodeCursor(query.cursor) : undefined;
    const after = position && { storedAt: position.at, documentId: position.id };
    // One more than asked tells whether another page follows.
    const rows = await this.records.waiting({ ...query, after, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.storedAt, id: last.documentId }) : null };
  }

  /** The stored JSON text of a waiting document, exactly as it was delivered. */
  async download(documentId: string, clientId: string | null): Promise<string> {
    const text = await this.objects.read(await this.waiting(documentId, clientId));
    if (text === null) throw new RejectedDocumentNotFound(documentId);
    return text;
  }

  /**
   * One attempt now. Accepted, the document is no longer kept here (it leaves the listing at once) and Delivery
   * records it Success; the bucket-cleanup actor makes sure its object goes. Otherwise it stays, its expiry unchanged.
   */
  async resend(documentId: string, clientId: string | null, { throttled = false, signal }: { throttled?: boolean; signal?: AbortSignal } = {}): Promise<DeliveryOutcome> {
    const document = await this.waiting(documentId, clientId);
    const { storedAt, expiresAt, bucket, key, ...facts } = document;
    const outcome = await this.delivery.deliverNow({
      documentId: document.documentId,
      clientId: document.clientId,
      trigger: 'resend',
      throttled,
      signal,
      kept: { ...facts, object: { documentId, bucket, key, storedAt, expiresAt } },
    });
    if (!outcome) throw new RejectedDocumentNotFound(documentId);
    if (outcome.delivered) await this.records.forgetDelivered([documentId]);
    else await this.records.countAttempt(documentId);
    return outcome;
  }

  async waiting(documentId: string, clientId: string | null): Promise<RejectedDocument> {
    const document = await this.records.findWaiting(documentId, clientId);
    if (!document) throw new RejectedDocumentNotFound(documentId);
    return document;
  }
}
