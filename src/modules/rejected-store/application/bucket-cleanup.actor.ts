import { Actor, type MessageContext } from '../../../../libs/kernel/index.js';
import type { DomainEvent } from '../../../domain/events.js';
import type { BackoffRuleName } from '../../../domain/ports/backoffs.js';
import { On } from '../../../infrastructure/messaging/handlers.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';

/**
 * A document delivered from the rejected bucket (a resend, a redelivery) no longer waits there: its object goes,
 * then its record. S3 may be down for a long while: the message follows Retry's `bucket-cleanup` rule (every minute at
 * most, practically forever), so no body stays behind.
 */
@Actor('bucket-cleanup', { retry: 'bucket-cleanup' satisfies BackoffRuleName })
export class BucketCleanupActor {
  constructor(
    private readonly objects: RejectedObjects,
    private readonly records: RejectedRecords,
  ) {}

  @On('delivery.succeeded', { when: (event) => event.payload.documents.some((document) => document.fromBucket !== null) })
  async removeDeliveredObjects(event: DomainEvent<'delivery.succeeded'>, _context: MessageContext): Promise<void> {
    const delivered = event.payload.documents.filter((document) => document.fromBucket !== null);
    for (const { fromBucket } of delivered) await this.objects.delete(fromBucket!);
    await this.records.forgetDelivered(delivered.map((document) => document.documentId));
  }
}
