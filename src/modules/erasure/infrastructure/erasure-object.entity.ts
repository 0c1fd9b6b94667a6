import { Entity, PrimaryColumn } from 'typeorm';

/** A bucket object an erasure found and removes: counted once however often a run finds it. Forgotten when the erasure is done. */
@Entity({ name: 'erasure_objects' })
export class ErasureObjectRecord {
  @PrimaryColumn({ type: 'uuid', name: 'erasure_id' })
  erasureId: string;

  @PrimaryColumn({ type: 'text' })
  bucket: string;

  @PrimaryColumn({ type: 'text' })
  key: string;
}
