import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PartitionRange } from '../../../../../libs/partitions/index.js';
import { Partitions } from '../../../../infrastructure/database/partitions.js';

/**
 * Delivery's time-partitioned tables: document records, their bodies and attempts, in partitions of the documents'
 * creation. A partition past EVENT_RETENTION goes whole, unless a document in it is still Pending (only a retry
 * schedule longer than EVENT_RETENTION, which the configuration refuses, or an S3 outage of weeks): it waits.
 * Documents kept in a rejected bucket or the archive outlive it in RejectedStore's own record.
 */
@Injectable()
export class LedgerPartitions implements OnModuleInit {
  constructor(
    private readonly partitions: Partitions,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const mayDrop = (range: PartitionRange) => this.nothingPendingBefore(range.to);
    this.partitions.register({ table: 'documents', storage: 'fillfactor = 90', partitionIndexes: (partition) => [`CREATE UNIQUE INDEX "${partition}_id" ON "${partition}" ("id")`], mayDrop });
    this.partitions.register({ table: 'document_bodies', mayDrop });
    this.partitions.register({ table: 'delivery_attempts', mayDrop });
  }

  private async nothingPendingBefore(until: Date): Promise<boolean> {
    const [{ pending }]: { pending: boolean }[] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM delivery_queue WHERE created_at < $1) AS pending', [until]);
    return !pending;
  }
}
