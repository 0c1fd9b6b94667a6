import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from './envelope.js';

/** Set on a transaction's query runner when it wrote to the outbox, so the relay runs right after commit. */
export const OUTBOX_WRITTEN = 'kernel:outboxWritten';

/** Publishes events by writing them to the outbox inside the caller's transaction. */
@Injectable()
export class EventBus {
  async publish(tx: EntityManager, ...events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('EventBus.publish must be called with the EntityManager of an open transaction');
    }
    const params: unknown[] = [];
    const rows = events.map((event, i) => {
      params.push(event.id, event.type, JSON.stringify(event));
      return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::jsonb)`;
    });
    await tx.query(`INSERT INTO outbox (event_id, type, envelope) VALUES ${rows.join(', ')}`, params);
    runner.data = { ...runner.data, [OUTBOX_WRITTEN]: true };
  }
}
