import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ObjectLocation } from '../../../domain/document.js';
import { Erasures } from '../application/ports/erasures.js';
import type { Erasure, ErasureStep } from '../domain/erasure.js';
import { ErasureRecord } from './erasure.entity.js';

/**
 * `erasures` and the locations each looks at (`erasure_objects`: a location, and whether it held an object once
 * looked at). Each step's end is written with a guard on the step it ends.
 */
@Injectable()
export class ErasureRepository implements Erasures {
  constructor(private readonly dataSource: DataSource) {}

  async create(erasure: { id: string; clientId: string; userId: string }): Promise<void> {
    await this.dataSource.manager.insert(ErasureRecord, { ...erasure, state: 'Running', step: 'cancel' });
  }

  async find(id: string, clientId: string | null): Promise<Erasure | null> {
    const record = await this.dataSource.manager.findOneBy(ErasureRecord, clientId === null ? { id } : { id, clientId });
    if (!record) return null;
    const { createdAt, runs: _runs, leaseUntil: _leaseUntil, leaseOwner: _leaseOwner, updatedAt: _updatedAt, ...erasure } = record;
    return { ...erasure, requestedAt: createdAt };
  }

  async cancelledPage(tx: EntityManager, id: string, page: { documents: number; heldUntil: Date | null; candidates: readonly ObjectLocation[] }): Promise<void> {
    await tx.query(
      `UPDATE erasures SET documents = COALESCE(documents, 0) + $2, held_until = GREATEST(held_until, $3::timestamptz), updated_at = now() WHERE id = $1 AND step = 'cancel'`,
      [id, page.documents, page.heldUntil],
    );
    if (page.candidates.length === 0) return;
    await tx.query(
      'INSERT INTO erasure_objects (erasure_id, bucket, key) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING',
      [id, page.candidates.map((object) => object.bucket), page.candidates.map((object) => object.key)],
    );
  }

  async cancelled(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE erasures SET documents = COALESCE(documents, 0), facts_until = COALESCE(facts_until, now()), step = 'objects', updated_at = now() WHERE id = $1 AND step = 'cancel'`,
      [id],
    );
  }

  async unchecked(id: string, limit: number): Promise<ObjectLocation[]> {
    return this.dataSource.query('SELECT bucket, key FROM erasure_objects WHERE erasure_id = $1 AND found IS NULL ORDER BY bucket, key LIMIT $2', [id, limit]);
  }

  async checked(id: string, locations: readonly ObjectLocation[], found: readonly ObjectLocation[]): Promise<void> {
    if (locations.length === 0) return;
    const held = new Set(found.map((object) => `${object.bucket}/${object.key}`));
    await this.dataSource.query(
      `INSERT INTO erasure_objects (erasure_id, bucket, key, found) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::boolean[])
       ON CONFLICT (erasure_id, bucket, key) DO UPDATE SET found = erasure_objects.found OR EXCLUDED.found`,
      [id, locations.map((object) => object.bucket), locations.map((object) => object.key), locations.map((object) => held.has(`${object.bucket}/${object.key}`))],
    );
  }

  async objectsRemoved(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE erasures SET objects = COALESCE(objects, (SELECT count(*) FROM erasure_objects WHERE erasure_id = $1 AND found)), step = 'purge', updated_at = now()
       WHERE id = $1 AND step = 'objects'`,
      [id],
    );
  }

  async advance(id: string, from: ErasureStep, to: ErasureStep): Promise<void> {
    await this.dataSource.query(`UPDATE erasures SET step = $3, updated_at = now() WHERE id = $1 AND step = $2`, [id, from, to]);
  }

  async done(id: string, notifications: number): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE erasures SET notifications = COALESCE(notifications, $2), step = 'done', state = 'Done', updated_at = now() WHERE id = $1 AND step = 'notifications'`,
        [id, notifications],
      );
      await tx.query('DELETE FROM erasure_objects WHERE erasure_id = $1', [id]);
    });
  }
}
