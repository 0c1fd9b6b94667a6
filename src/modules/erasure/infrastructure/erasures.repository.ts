import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ObjectLocation } from '../../../domain/document.js';
import { Erasures } from '../application/ports/erasures.js';
import type { Erasure, ErasureStep } from '../domain/erasure.js';
import { ErasureRecord } from './erasure.entity.js';

/**
 * `erasures` and the objects each found. Each step's result is written with a guard on the step it ends,
 * and counts only once (`COALESCE`): a step run again after a crash changes nothing it already recorded.
 */
@Injectable()
export class ErasureRepository implements Erasures {
  constructor(private readonly dataSource: DataSource) {}

  async create(erasure: { id: string; clientId: string; userId: string }): Promise<void> {
    await this.dataSource.manager.insert(ErasureRecord, { ...erasure, state: 'Running', step: 'cancel' });
  }

  /** One erasure; limited to a client's own unless an operator asks (null). */
  async find(id: string, clientId: string | null): Promise<Erasure | null> {
    const record = await this.dataSource.manager.findOneBy(ErasureRecord, clientId === null ? { id } : { id, clientId });
    if (!record) return null;
    const { createdAt, runs: _runs, leaseUntil: _leaseUntil, leaseOwner: _leaseOwner, updatedAt: _updatedAt, ...erasure } = record;
    return { ...erasure, requestedAt: createdAt };
  }

  /** The cancel step's result: facts about the user up to now are not notified any more. */
  async cancelled(id: string, documents: number, heldUntil: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE erasures SET documents = COALESCE(documents, $2), facts_until = COALESCE(facts_until, now()), held_until = $3, step = 'objects', updated_at = now()
       WHERE id = $1 AND step = 'cancel'`,
      [id, documents, heldUntil],
    );
  }

  async found(id: string, objects: readonly ObjectLocation[]): Promise<void> {
    if (objects.length === 0) return;
    await this.dataSource.query(
      'INSERT INTO erasure_objects (erasure_id, bucket, key) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING',
      [id, objects.map((object) => object.bucket), objects.map((object) => object.key)],
    );
  }

  /** The objects step's result: every object found, counted once. */
  async objectsRemoved(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE erasures SET objects = COALESCE(objects, (SELECT count(*) FROM erasure_objects WHERE erasure_id = $1)), step = 'purge', updated_at = now()
       WHERE id = $1 AND step = 'objects'`,
      [id],
    );
  }

  async advance(id: string, from: ErasureStep, to: ErasureStep): Promise<void> {
    await this.dataSource.query(`UPDATE erasures SET step = $3, updated_at = now() WHERE id = $1 AND step = $2`, [id, from, to]);
  }

  /** The last step's result: the erasure is Done, and keeps its counts only. */
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
