import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { takeTurnsNearBoundary, withinRetention } from '../../../infrastructure/database/recent-rows.js';
import { DomainEventReceipts } from '../application/ports/domain-event-receipts.js';

/**
 * `domain_event_receipts`, time-partitioned: an id is recognised for EVENT_RETENTION (a probe per partition it spans),
 * and two posts of one id at once meet on their partition's unique index.
 */
@Injectable()
export class TypeOrmDomainEventReceipts implements DomainEventReceipts {
  constructor(private readonly config: AppConfig) {}

  async record(tx: EntityManager, receipt: { id: string; idGiven: boolean; type: string; clientId: string; environment: Environment }): Promise<boolean> {
    const receivedAt = new Date();
    if (receipt.idGiven) await takeTurnsNearBoundary(tx, receivedAt, this.config.partitionIntervalMs);
    const rows: unknown[] = await tx.query(
      `INSERT INTO domain_event_receipts (id, type, client_id, environment, received_at)
       SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM domain_event_receipts r WHERE r.id = $1 AND ${withinRetention('r.received_at', '$5', '$6')})
       ON CONFLICT DO NOTHING RETURNING 1`,
      [receipt.id, receipt.type, receipt.clientId, receipt.environment, receivedAt, this.config.eventRetentionMs],
    );
    return rows.length > 0;
  }
}
