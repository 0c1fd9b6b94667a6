import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { DocumentDelivery, type DeliveryOutcome } from '../../../domain/ports/document-delivery.js';
import { RejectedDocumentNotFound, RejectedStorageUnavailable } from '../domain/errors.js';
import { decodeCursor, encodeCursor } from '../domain/list-cursor.js';
import { isWaiting, type RejectedDocument } from '../domain/rejected-document.js';
import { RejectedDocuments } from '../infrastructure/rejected-documents.repository.js';
import { RejectedObjects } from '../infrastructure/rejected-objects.js';

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
  private readonly logger = new Logger('RejectedDocuments');

  constructor(
    private readonly documents: RejectedDocuments,
    private readonly objects: RejectedObjects,
    private readonly dataSource: DataSource,
    private readonly delivery: DocumentDelivery,
  ) {}

  async list(query: ListQuery): Promise<{ items: RejectedDocument[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    // One more than asked tells whether another page follows.
    const rows = await this.documents.listWaiting({ ...query, after, limit: query.limit + 1, now: new Date() });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** The stored JSON text of a waiting document, exactly as it was delivered. */
  async download(documentId: string, clientId: string | null): Promise<string> {
    const document = await this.waiting(documentId, clientId);
    const text = await this.objects.read(document);
    if (text === null) throw new RejectedDocumentNotFound(documentId);
    return text;
  }

  /** One attempt now; on acceptance the document leaves the bucket, otherwise it stays with its expiry. */
  async resend(documentId: string, clientId: string | null): Promise<DeliveryOutcome> {
    return this.resendWaiting(await this.waiting(documentId, clientId));
  }

  async resendWaiting(document: RejectedDocument): Promise<DeliveryOutcome> {
    const outcome = await this.delivery.deliverNow({ documentId: document.documentId, clientId: document.clientId, trigger: 'resend' });
    if (!outcome) throw new RejectedDocumentNotFound(document.documentId);
    if (outcome.delivered) await this.leaveBucket(document);
    return outcome;
  }

  /**
   * Delivered: out of the listing at once, then out of S3. Should S3 fail now, the answer still
   * tells the truth (delivered); the rejected-store actor deletes the object on delivery.succeeded.
   */
  private async leaveBucket(document: RejectedDocument): Promise<void> {
    await this.dataSource.transaction((tx) => this.documents.markRemoved(tx, document.documentId, new Date()));
    try {
      await this.objects.delete(document);
    } catch (error) {
      if (!(error instanceof RejectedStorageUnavailable)) throw error;
      this.logger.warn(`document ${document.documentId} was delivered; its object is left to the rejected-store actor: ${error.message}`);
    }
  }

  async waiting(documentId: string, clientId: string | null): Promise<RejectedDocument> {
    const document = await this.documents.find(documentId, clientId);
    if (!document || !isWaiting(document, new Date())) throw new RejectedDocumentNotFound(documentId);
    return document;
  }
}
