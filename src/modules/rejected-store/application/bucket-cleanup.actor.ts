import { Actor, type MessageContext } from '../../../../libs/kernel/index.js';
import type { DomainEvent } from '../../../domain/events.js';
import { On } from '../../../infrastructure/messaging/handlers.js';
import { RejectedObjects } from './ports/rejected-objects.js';

/**
 * A document delivered from the rejected bucket (a resend, a redelivery) no longer waits there: its
 * object goes. S3 may be down for a long while: the message is retried every minute at most,
 * practically forever, so no body stays behind.
 */
@Actor('bucket-cleanup', { attempts: 1_000_000, backoffMs: 500, maxBackoffMs: 60_000 })
export class BucketCleanupActor {
  constructor(private readonly objects: RejectedObjects) {}

  @On('delivery.succeeded', { when: (event) => event.payload.documents.some((document) => document.fromBucket !== null) })
  async removeDeliveredObjects(event: DomainEvent<'delivery.succeeded'>, _context: MessageContext): Promise<void> {
    for (const { fromBucket } of event.payload.documents) if (fromBucket) await this.objects.delete(fromBucket);
  }
}
