import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveredBodies } from '../application/ports/delivered-bodies.js';
import { modifiedRows } from './sql-rows.js';

/** The bodies of delivered documents, kept in their rows for redelivery until DELIVERED_RETENTION. */
@Injectable()
export class TypeOrmDeliveredBodies implements DeliveredBodies {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Removes the bodies of up to `limit` delivered documents last attempted before `cutoff` (metadata and attempts
   * stay); returns how many. Rows another sweep is purging are skipped, not waited for.
   */
  async purge(cutoff: Date, limit: number): Promise<number> {
    const rows = modifiedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE documents SET data = NULL, body_purged_at = now()
         WHERE id IN (SELECT id FROM documents WHERE status = 'Success' AND data IS NOT NULL AND last_attempted_at <= $1
                      ORDER BY last_attempted_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [cutoff, limit],
      ),
    );
    return rows.length;
  }
}
