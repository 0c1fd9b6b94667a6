import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A location where an erasure looks for an object of the user: `found` once looked at (null before), counted once
 * however often a run finds it. Forgotten when the erasure is done.
 */
@Entity({ name: 'erasure_objects' })
export class ErasureObjectRecord {
  @PrimaryColumn({ type: 'uuid', name: 'erasure_id' })
  erasureId: string;

  @PrimaryColumn({ type: 'text' })
  bucket: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'boolean', nullable: true })
  found: boolean | null;
}
