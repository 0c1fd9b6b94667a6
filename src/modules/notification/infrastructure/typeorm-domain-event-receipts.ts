import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import { DomainEventReceipts } from '../application/ports/domain-event-receipts.js';

/** Remembers which domain event ids were received. */
@Injectable()
export class TypeOrmDomainEventReceipts implements DomainEventReceipts {
  /** True when this id is new; false when it was received before (then nothing is to be published). */
  async record(tx: EntityManager, receipt: { id: string; type: string; clientId: string; environment: Environment }): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      'INSERT INTO domain_event_receipts (id, type, client_id, environment) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING 1',
      [receipt.id, receipt.type, receipt.clientId, receipt.environment],
    );
    return rows.length > 0;
  }
}
