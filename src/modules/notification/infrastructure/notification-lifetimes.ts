import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Partitions } from '../../../infrastructure/database/partitions.js';
import { RowLifetimes } from '../../../infrastructure/database/row-lifetimes.js';

/**
 * The notification log and the receipts of domain events are time-partitioned, dropped whole after EVENT_RETENTION.
 * The record of an erased user is needed while a message about its past facts may still be on its way: no message
 * outlives EVENT_RETENTION, so neither does the record.
 */
@Injectable()
export class NotificationLifetimes implements OnModuleInit {
  constructor(
    private readonly partitions: Partitions,
    private readonly lifetimes: RowLifetimes,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const uniqueId = (partition: string) => [`CREATE UNIQUE INDEX "${partition}_id" ON "${partition}" ("id")`];
    this.partitions.register({ table: 'notifications', storage: 'fillfactor = 90', partitionIndexes: uniqueId });
    this.partitions.register({ table: 'domain_event_receipts', partitionIndexes: uniqueId });
    this.lifetimes.register({
      rows: 'records of erased users',
      removeExpired: async (retentionMs, limit) => {
        const [, removed] = (await this.dataSource.query(
          `DELETE FROM notification_erasures WHERE erasure_id IN (
             SELECT erasure_id FROM notification_erasures WHERE facts_until <= now() - $1 * interval '1 millisecond' LIMIT $2)`,
          [retentionMs, limit],
        )) as [unknown, number];
        return removed;
      },
    });
  }
}
