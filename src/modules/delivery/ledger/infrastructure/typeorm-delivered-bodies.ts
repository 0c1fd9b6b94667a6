import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveredBodies } from '../application/ports/delivered-bodies.js';

const SWEEP = 'delivered-bodies';

/**
 * The purge of delivered bodies walks the accepted attempts in time order, from the position the last pass reached
 * (`sweep_positions`): each pass reads only the deliveries that came of age since, never the history. A body whose
 * document was delivered again later (a redelivery) is left for that later delivery's turn. Purging nulls the body
 * row and notes when; the document's record is not touched.
 */
@Injectable()
export class TypeOrmDeliveredBodies implements DeliveredBodies {
  constructor(private readonly dataSource: DataSource) {}

  async purge(cutoff: Date, limit: number): Promise<{ looked: number; purged: number }> {
    const [{ looked, purged }]: { looked: number; purged: number }[] = await this.dataSource.query(
      `WITH position AS (SELECT at, id FROM sweep_positions WHERE sweep = $3 FOR UPDATE),
       delivered AS (
         SELECT a.document_id, a.document_created_at, a.attempted_at,
           -- Its document's last delivery? A later one (a redelivery) purges the body in its own turn. One index probe each.
           a.attempt = (SELECT max(l.attempt) FROM delivery_attempts l WHERE l.document_id = a.document_id AND l.document_created_at = a.document_created_at AND l.accepted) AS last
         FROM delivery_attempts a
         WHERE a.accepted AND a.attempted_at <= $1 AND (a.attempted_at, a.document_id) > (SELECT at, id FROM position)
         ORDER BY a.attempted_at, a.document_id LIMIT $2),
       purged AS (
         UPDATE document_bodies b SET data = NULL, purged_at = now() FROM delivered
         WHERE delivered.last AND b.document_id = delivered.document_id AND b.created_at = delivered.document_created_at AND b.data IS NOT NULL
         RETURNING b.document_id),
       last AS (SELECT attempted_at, document_id FROM delivered ORDER BY attempted_at DESC, document_id DESC LIMIT 1),
       moved AS (UPDATE sweep_positions SET at = last.attempted_at, id = last.document_id FROM last WHERE sweep = $3)
       SELECT (SELECT count(*) FROM delivered)::int AS looked, (SELECT count(*) FROM purged)::int AS purged`,
      [cutoff, limit, SWEEP],
    );
    return { looked, purged };
  }
}
