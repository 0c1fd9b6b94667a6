import { Injectable } from '@nestjs/common';
import { RejectedLedger, type RejectedDocument, type WaitingQuery } from '../../../domain/ports/rejected-ledger.js';
import { RejectedRecords } from './ports/rejected-records.js';

/** The RejectedLedger port: Delivery's rows, as RejectedStore asks about the documents in its buckets. */
@Injectable()
export class DeliveryRejectedLedger extends RejectedLedger {
  constructor(private readonly rows: RejectedRecords) {
    super();
  }

  waiting(query: WaitingQuery): Promise<RejectedDocument[]> {
    return this.rows.waiting(query);
  }

  findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null> {
    return this.rows.findWaiting(documentId, clientId);
  }

  countWaiting(query: Omit<WaitingQuery, 'after' | 'limit'>): Promise<number> {
    return this.rows.countWaiting(query);
  }

  pastRetention(limit: number): Promise<RejectedDocument[]> {
    return this.rows.pastRetention(limit);
  }

  markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]> {
    return this.rows.markExpired(documentIds, archived);
  }
}
