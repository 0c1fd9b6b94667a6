import { isRequestedDelivery } from '../../../domain/delivery-facts.js';
import { Actor, EventBus, On, type MessageContext } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import { RejectedBuckets } from '../../../infrastructure/s3/rejected-buckets.js';
import { expiryOf, objectKey, type RejectedDocument } from '../domain/rejected-document.js';
import { RejectedDocuments } from '../infrastructure/rejected-documents.repository.js';
import { RejectedObjects } from '../infrastructure/rejected-objects.js';
import { rejectedDocumentsStored } from '../infrastructure/rejected-store.metrics.js';

/**
 * Keeps exhausted documents in their environment's bucket. S3 may be down for a long while: the
 * handler throws and its message is retried every minute at most, practically forever, so a
 * document is never dropped.
 */
@Actor('rejected-store', { attempts: 1_000_000, backoffMs: 500, maxBackoffMs: 60_000 })
export class RejectedStoreActor {
  constructor(
    private readonly bus: EventBus,
    private readonly config: AppConfig,
    private readonly buckets: RejectedBuckets,
    private readonly documents: RejectedDocuments,
    private readonly objects: RejectedObjects,
  ) {}

  @On('delivery.exhausted')
  async storeRejectedDocument(event: DomainEvent<'delivery.exhausted'>, context: MessageContext): Promise<void> {
    const { documentId, clientId, environment, kind, type, userId, attempts, body } = event.payload;
    if (await this.documents.find(documentId, null)) return;
    const storedAt = new Date();
    const document: RejectedDocument = {
      documentId,
      clientId,
      environment,
      kind,
      type,
      userId,
      attempts,
      bucket: this.buckets.nameOf(environment),
      key: objectKey({ clientId, kind, documentId }, storedAt),
      storedAt,
      expiresAt: expiryOf(storedAt, this.config.retentionMs[environment]),
      expiredAt: null,
      removedAt: null,
    };
    // The object first: the row and the event say it is there.
    await this.objects.put(document, body);
    const inserted = await context.transaction(async (tx) => {
      if (!(await this.documents.insert(tx, document))) return false;
      const stored = createEvent(
        'document.stored',
        {
          documentId,
          clientId,
          environment,
          kind,
          type,
          userId,
          bucket: document.bucket,
          key: document.key,
          storedAt: storedAt.toISOString(),
          expiresAt: document.expiresAt.toISOString(),
        },
        { cause: event },
      );
      await this.bus.publish(tx, stored);
      return true;
    });
    if (inserted) rejectedDocumentsStored.inc({ environment, reason: event.payload.reason });
  }

  /**
   * A document delivered while it waited in the bucket (a redelivery, a resend) leaves it. The
   * resend API marks it removed at once; deleting the object here too makes sure it goes even
   * when S3 failed the API's attempt.
   */
  @On('delivery.succeeded', { when: isRequestedDelivery })
  async removeDeliveredDocument(event: DomainEvent<'delivery.succeeded'>, context: MessageContext): Promise<void> {
    // Scheduled attempts end when the document is stored: only a client's request can deliver it from the bucket.
    if (!isRequestedDelivery(event)) return;
    const document = await this.documents.find(event.payload.documentId, null);
    if (!document || document.expiredAt) return;
    await this.objects.delete(document);
    if (document.removedAt) return;
    await context.transaction((tx) => this.documents.markRemoved(tx, document.documentId, new Date()));
  }
}
