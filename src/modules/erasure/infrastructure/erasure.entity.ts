import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ErasureState, ErasureStep } from '../domain/erasure.js';

/**
 * One erasure of a user's data: the step it reached and the counts it removed; its lease says which worker runs
 * it. Its creation (`created_at`) is the request: documents received up to then are erased.
 */
@Entity({ name: 'erasures' })
@Index('erasures_running', ['createdAt'], { where: `state = 'Running'` })
export class ErasureRecord {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  /** Kept so that the API can say whom it erased; nothing else about the user is. */
  @Column({ type: 'text', name: 'user_id' })
  userId: string;

  @Column({ type: 'text' })
  state: ErasureState;

  @Column({ type: 'text' })
  step: ErasureStep;

  @Column({ type: 'timestamptz', name: 'facts_until', nullable: true })
  factsUntil: Date | null;

  @Column({ type: 'timestamptz', name: 'held_until', nullable: true })
  heldUntil: Date | null;

  @Column({ type: 'integer', nullable: true })
  documents: number | null;

  @Column({ type: 'integer', nullable: true })
  objects: number | null;

  @Column({ type: 'integer', nullable: true })
  notifications: number | null;

  /** Runs started so far: more than one after a crash or a failure. */
  @Column({ type: 'integer', default: 0 })
  runs: number;

  /** Held by a worker until then, or, after a failed run, not to run again before then. */
  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
